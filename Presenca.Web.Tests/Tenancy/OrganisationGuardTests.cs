using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// A session whose claims name no organisation (a stale or hand-made cookie: the database itself
/// refuses such a user) reaches no data page and is told why, in French.
/// </summary>
public sealed class OrganisationGuardTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/contacts")]
    [InlineData("/administration/utilisateurs")]
    public async Task A_director_without_organisation_is_sent_to_a_French_explanation(string page)
    {
        var client = ClientWithCookie(new Claim(ClaimTypes.Role, "directeur_reseau"));

        var response = await client.GetAsync(page);
        var explanation = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sans-organisation", response.Headers.Location.OriginalString);
        Assert.Contains("Votre compte n'est rattaché à aucune organisation", Html.Text(explanation));
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    public async Task The_explanation_page_still_gets_the_files_it_runs_on(string file)
    {
        var client = ClientWithCookie(new Claim(ClaimTypes.Role, "directeur_reseau"));

        var response = await client.GetAsync(file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_without_organisation_reaches_the_data_pages()
    {
        var client = ClientWithCookie(new Claim(ClaimTypes.Role, "admin_presenca"));

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient ClientWithCookie(params Claim[] claims)
    {
        var cookieOptions = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Name, "sans.organisation@exemple.fr"), .. claims],
            IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        var client = SignedInClient.Anonymous(factory);
        client.DefaultRequestHeaders.Add("Cookie", $"{cookieOptions.Cookie.Name}={cookieOptions.TicketDataFormat.Protect(ticket)}");
        return client;
    }
}
