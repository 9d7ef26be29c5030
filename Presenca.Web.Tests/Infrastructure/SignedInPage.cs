using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Presenca.Data.Connexions.Secrets;
using Presenca.Data.Identity;
using Presenca.Data.Tenancy;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// A bUnit context for rendering a page as one demo user sees it in a circuit: MudBlazor's
/// services, the user's authentication state, and every other service from the real app over its
/// real database, in a scope whose caller is that user (query filters and RLS apply).
/// Create one per test with <c>await using</c>: MudBlazor's services are only IAsyncDisposable.
/// </summary>
public sealed class SignedInPage : IAsyncDisposable
{
    private readonly AsyncServiceScope _appScope;

    private SignedInPage(AsyncServiceScope appScope, BunitContext bunit, ClaimsPrincipal user)
    {
        _appScope = appScope;
        Bunit = bunit;
        User = user;
    }

    public BunitContext Bunit { get; }

    public ClaimsPrincipal User { get; }

    public Caller Caller => CallerClaims.Read(User);

    /// <summary>The app's services as the page's circuit sees them.</summary>
    public IServiceProvider AppServices => _appScope.ServiceProvider;

    /// <param name="services">Test doubles the page needs on top of the app's services (registered before anything renders).</param>
    public static async Task<SignedInPage> CreateAsync(PresencaWebFactory factory, string email, Action<IServiceCollection>? services = null)
    {
        var scope = factory.Services.CreateAsyncScope();
        // Load the Data Protection key ring here, off the renderer: its first load (or the creation
        // of the first key) blocks on the database, which must not happen on bUnit's dispatcher.
        scope.ServiceProvider.GetRequiredService<ISecretProtector>().Protect("préchauffage");
        var user = await PrincipalOfAsync(scope.ServiceProvider, email);
        scope.ServiceProvider.GetRequiredService<CallerSource>().SetPrincipal(user);

        // bUnit waits 1 s by default; pages here query a real database on a shared 2-core machine.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(20);
        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        services?.Invoke(bunit.Services);
        var authorization = bunit.AddAuthorization();
        authorization.SetAuthorized(user.Identity!.Name!);
        authorization.SetClaims([.. user.Claims]);
        bunit.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        bunit.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return new SignedInPage(scope, bunit, user);
    }

    /// <summary>Renders a page (or any component) with its parameters, as its route would.</summary>
    public IRenderedComponent<TComponent> Render<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        Bunit.Render(parameters);

    /// <summary>The principal the sign-in cookie would carry: the same claims factory, the same RLS rule.</summary>
    private static async Task<ClaimsPrincipal> PrincipalOfAsync(IServiceProvider services, string email)
    {
        var users = services.GetRequiredService<UserManager<PresencaUser>>();
        var callers = services.GetRequiredService<CallerSource>();
        using (callers.SigningIn(users.NormalizeName(email)))
        {
            var user = await users.FindByNameAsync(email) ?? throw new InvalidOperationException($"No demo user {email}.");
            var factory = services.GetRequiredService<IUserClaimsPrincipalFactory<PresencaUser>>();
            return await factory.CreateAsync(user);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        await _appScope.DisposeAsync();
    }
}
