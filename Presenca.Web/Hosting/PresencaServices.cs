using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Identity;
using Presenca.Web.Account;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;
using Presenca.Web.Live;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Hosting;

public static class PresencaServices
{
    public static void AddPresenca(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<PresencaOptions>(builder.Configuration.GetSection(PresencaOptions.Section));
        var connections = ConnectionStrings.From(builder.Configuration);
        services.AddSingleton(connections);
        services.AddSingleton(_ => new PresencaDatabase(connections.App));

        services.AddHttpContextAccessor();
        services.AddScoped<HttpCallerSource>();
        services.AddScoped<IDbContextFactory<PresencaDbContext>, CallerDbContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PresencaDbContext>>().CreateDbContext());

        services.AddPresencaIdentity();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddRazorComponents();
        services.AddAntiforgery(options => options.HeaderName = "X-CSRF-TOKEN");
        services.AddSignalR();
        services.AddHostedService<NotificationRelay>();
        services.AddTransient<DemoSeeder>();
        services.AddContacts(builder.Configuration);
    }

    private static void AddContacts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ContactImportOptions>(configuration.GetSection(ContactImportOptions.Section));
        services.AddSingleton<ContactImportQueue>();
        services.AddSingleton<ContactImporter>();
        services.AddSingleton<ContactImportUploads>();
        services.AddHostedService<ContactImportWorker>();
        // Uploads up to twice the import limit reach our own check, which answers in French.
        var maxFileBytes = configuration.GetSection(ContactImportOptions.Section).Get<ContactImportOptions>()?.MaxFileBytes
            ?? new ContactImportOptions().MaxFileBytes;
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Math.Max(o.MultipartBodyLengthLimit, 2 * maxFileBytes + 1024 * 1024));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = Math.Max(o.Limits.MaxRequestBodySize ?? 0, 2 * maxFileBytes + 1024 * 1024));
    }

    private static void AddPresencaIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
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
            .AddSignInManager()
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
        });
    }
}
