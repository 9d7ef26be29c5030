using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>The administration pages in a real Chromium: accessible at both widths, and closed to a user without organisation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdministrationBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private static readonly string[] AdminOnlyPages = ["/administration/organisations", "/administration/reseaux"];

    private static readonly string[] Pages = ["/administration", "/administration/agences", "/administration/utilisateurs", "/administration/journal"];

    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task Administration_pages_have_no_serious_axe_violation_at_1280_and_375_pixels_and_do_not_overflow_for_admins_and_directors()
    {
        var agence = await factory.Database.QueryAsOwnerAsync<Guid>($"select client_id from clients where client_nom = '{DemoAccounts.AgenceNordNom}'");
        var user = await factory.Database.QueryAsOwnerAsync<Guid>($"select id from users where email = '{DemoAccounts.Collaborateur.Email}'");
        string[] details = [$"/administration/agences/{agence}", $"/administration/utilisateurs/{user}"];
        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var account in new[] { DemoAccounts.Admin, DemoAccounts.Directeur })
            {
                var paths = (account == DemoAccounts.Admin ? AdminOnlyPages : []).Concat(Pages).Concat(details);
                foreach (var width in new[] { 1280, 375 })
                {
                    var page = await session.NewPageAsync(width, 800);
                    await page.SignInAsync(_app, account.Email);
                    foreach (var path in paths)
                    {
                        await page.GotoInteractiveAsync(_app, path);
                        // Lists load over the circuit: check the page once its rows (or its empty state) are there.
                        await Expect(page.GetByText("Chargement…")).ToHaveCountAsync(0);
                        await Expect(page.Locator("h1")).ToBeVisibleAsync();
                        await page.AssertAccessibleAsync();
                        if (width == 375)
                        {
                            await page.AssertNoHorizontalOverflowAsync();
                        }
                    }
                }
            }
        });
    }

    [Fact]
    public async Task A_director_without_organisation_navigating_inside_the_circuit_is_sent_back_to_the_French_explanation()
    {
        await browser.RunAsync(async page =>
        {
            await page.Context.AddCookiesAsync([CookieWithoutOrganisation()]);
            var pageRequests = new List<string>();
            await page.GotoInteractiveAsync(_app, "/sans-organisation");
            page.Request += (_, request) =>
            {
                // Full loads and enhanced navigations alike; the circuit's own traffic is not a page.
                if (request.ResourceType is "document" or "fetch" && !new Uri(request.Url).AbsolutePath.StartsWith("/_", StringComparison.Ordinal))
                {
                    pageRequests.Add(request.Url);
                }
            };

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" })
                .GetByRole(AriaRole.Link, new() { Name = "Aperçu", Exact = true }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Uri(_app, "/sans-organisation").ToString());
            await Expect(page.GetByTestId("no-organisation")).ToContainTextAsync("Votre compte n'est rattaché à aucune organisation");
            // The guard ran in the circuit: the browser never asked the server for another page.
            Assert.Empty(pageRequests);
        });
    }

    // A cookie whose claims name a director but no organisation: the database refuses to hold such a user.
    private Cookie CookieWithoutOrganisation()
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()),
                new Claim(ClaimTypes.Name, "sans.organisation@exemple.fr"),
                new Claim(ClaimTypes.Role, "directeur_reseau"),
            ],
            IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        return new Cookie { Name = options.Cookie.Name!, Value = options.TicketDataFormat.Protect(ticket), Url = _app.ToString() };
    }
}
