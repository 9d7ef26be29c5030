using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Presenca.Data.Identity;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Account;

/// <summary>
/// Re-checks an open circuit's user against the database every minute (configurable through
/// <see cref="CircuitRevalidationOptions"/>), as the cookie is re-checked: a deactivated user
/// (new security stamp) loses the circuit's access within a minute instead of at the cookie's expiry.
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<CircuitRevalidationOptions> revalidation) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => revalidation.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A fresh scope reads fresh data; it runs as the circuit's user, who may read its own row.
        await using var scope = scopeFactory.CreateAsyncScope();
        var principal = authenticationState.User;
        using (scope.ServiceProvider.GetRequiredService<CallerSource>().Validating(principal))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PresencaUser>>();
            return await IsCurrentAsync(users, principal);
        }
    }

    private async Task<bool> IsCurrentAsync(UserManager<PresencaUser> users, ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return !users.SupportsUserSecurityStamp || stamp == await users.GetSecurityStampAsync(user);
    }
}
