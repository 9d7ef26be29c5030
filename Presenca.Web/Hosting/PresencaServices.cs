using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Connexions.Secrets;
using Presenca.Data.Identity;
using Presenca.Web.Account;
using Presenca.Web.Administration;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Drafting;
using Presenca.Web.Components.Layout;
using Presenca.Web.Connexions;
using Presenca.Web.Connexions.KeyRing;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;
using Presenca.Web.Diagnostics;
using Presenca.Web.Live;
using Presenca.Web.Tenancy;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Hosting;

public static class PresencaServices
{
    public static void AddPresenca(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (builder.Environment.IsEnvironment("Testing"))
        {
            // As in Development: Blazor's and MudBlazor's files come from the build (a benchmark's
            // web process runs the build output as "Testing"); Production serves the publish output.
            builder.WebHost.UseStaticWebAssets();
        }

        services.Configure<PresencaOptions>(builder.Configuration.GetSection(PresencaOptions.Section));
        var connections = ConnectionStrings.From(builder.Configuration);
        services.AddSingleton(connections);
        services.AddPresencaKeyRing(builder.Configuration, builder.Environment, connections);
        services.AddSingleton(sp => new PresencaDatabase(connections.App, sp.GetRequiredService<ISecretProtector>()));

        services.AddHttpContextAccessor();
        services.AddScoped<CallerSource>();
        services.AddScoped<IDbContextFactory<PresencaDbContext>, CallerDbContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PresencaDbContext>>().CreateDbContext());

        services.AddPresencaIdentity();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddAdministrationPolicies();

        services.Configure<CircuitRevalidationOptions>(builder.Configuration.GetSection(CircuitRevalidationOptions.Section));
        services.AddPresencaCircuits(builder.Environment);
        services.AddAntiforgery(options => options.HeaderName = "X-CSRF-TOKEN");
        services.AddSingleton<LiveEvents>();
        services.AddScoped<LiveFeed>();
        services.AddSingleton<Presenca.Web.Overview.SharedReads>();
        services.AddBenchDiagnostics(builder.Configuration);
        services.AddHostedService<NotificationRelay>();
        services.AddTransient<DemoSeeder>();
        services.AddPresencaConnexions(builder.Configuration);
        services.AddCampaigns(builder.Configuration, builder.Environment);
        services.AddDrafting();
        services.Configure<PublicLinkOptions>(builder.Configuration.GetSection(PublicLinkOptions.Section));
        services.AddScoped<SetPasswordLinks>();
        services.AddScoped<AgenceCreation>();
        services.AddScoped<IdentityScope>();
        services.AddScoped<UserInvitations>();
        services.AddContacts(builder.Configuration);
        services.AddUnsubscribePage(builder.Configuration);
    }

    private static void AddPresencaCircuits(this IServiceCollection services, IWebHostEnvironment environment)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents(options =>
            {
                // A phone that loses its signal for a while finds its page as it left it.
                options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
                options.DisconnectedCircuitMaxRetained = 100;
                // Server errors reach the browser only on a developer's machine.
                options.DetailedErrors = environment.IsDevelopment();
                options.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
            })
            .AddHubOptions(options =>
            {
                // Events and form values only: files do not travel through circuit messages.
                options.MaximumReceiveMessageSize = 64 * 1024;
            });
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, CircuitCallerHandler>();
        services.AddPresencaMudBlazor();
    }

    private static void AddPresencaIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddScoped<UnknownAddressSignIns>();
        services.AddIdentityCore<PresencaUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<PresencaDbContext>()
            .AddSignInManager<PresencaSignInManager>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<FrenchIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<PresencaClaimsPrincipalFactory>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/connexion";
            options.LogoutPath = "/deconnexion";
            options.AccessDeniedPath = "/acces-refuse";
            options.Cookie.Name = "presenca.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request is: the demo serves plain http on 127.0.0.1 only.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // In a scope of its own: on /_blazor the request's scope lives as long as the circuit,
            // and would keep the Identity managers and a DbContext alive for every open page.
            options.Events.OnValidatePrincipal = async context =>
            {
                await using var scope = context.HttpContext.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                using (scope.ServiceProvider.GetRequiredService<CallerSource>().Validating(context.Principal))
                {
                    await scope.ServiceProvider.GetRequiredService<ISecurityStampValidator>().ValidateAsync(context);
                }
            };
            // A real 403 (rendered by the status page as "Accès refusé"), not a redirect to it.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        // A deactivated user (new security stamp) loses its open sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        // Invitation links stay usable for a few days; using one renews the stamp and spends it.
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromDays(3));
    }
}
