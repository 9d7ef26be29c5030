using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Presenca.Data.Identity;
using Presenca.Web.Administration;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// Identity re-checks a cookie's security stamp once it is older than the validation interval.
/// The check reads the user's row, which row-level security only shows to that user: it must
/// run as the cookie's user, so a valid session survives it and a deactivated one does not.
/// </summary>
public sealed class SessionRevalidationTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task A_valid_session_survives_the_security_stamp_check()
    {
        var client = await AgedSessionAsync(DemoAccounts.Directeur.Email);

        var response = await client.GetAsync("/administration/utilisateurs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_session_with_a_stale_security_stamp_is_signed_out()
    {
        var client = await AgedSessionAsync(DemoAccounts.Collaborateur.Email, principal =>
        {
            var identity = (ClaimsIdentity)principal.Identity!;
            identity.RemoveClaim(identity.FindFirst("AspNet.Identity.SecurityStamp"));
            identity.AddClaim(new Claim("AspNet.Identity.SecurityStamp", "perime"));
        });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/connexion", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_deactivated_user_loses_the_open_session_at_the_next_check()
    {
        var victim = await AgedSessionAsync(DemoAccounts.Independante.Email);
        await using (var admin = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email))
        {
            var identity = admin.AppServices.GetRequiredService<IdentityScope>();
            var deactivated = await identity.RunAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<PresencaUser>>();
                return await users.DeactivateAsync((await users.FindByEmailAsync(DemoAccounts.Independante.Email))!);
            });
            Assert.True(deactivated.Succeeded);
        }

        var response = await victim.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/connexion", response.Headers.Location!.OriginalString);
    }

    // Signs in for real, then re-issues the cookie as if it had been issued ten minutes ago.
    private async Task<HttpClient> AgedSessionAsync(string email, Action<ClaimsPrincipal>? tamper = null)
    {
        var login = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), email, DemoAccounts.Password);
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var prefix = options.Cookie.Name + "=";
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(prefix, StringComparison.Ordinal));
        var ticket = options.TicketDataFormat.Unprotect(cookie[prefix.Length..].Split(';')[0])
            ?? throw new InvalidOperationException("The sign-in cookie could not be read (chunked?).");
        tamper?.Invoke(ticket.Principal);
        var aged = new AuthenticationTicket(ticket.Principal,
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow.AddMinutes(-10), ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) },
            ticket.AuthenticationScheme);
        var client = SignedInClient.Anonymous(factory);
        client.DefaultRequestHeaders.Add("Cookie", prefix + options.TicketDataFormat.Protect(aged));
        return client;
    }
}
