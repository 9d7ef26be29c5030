using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>Connexions in a real Chromium, for each role that opens it, on a desktop and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConnexionsBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task Connexions_is_accessible_at_1280_and_375_pixels_for_director_agency_and_admin_and_never_scrolls_sideways()
    {
        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var account in new[] { DemoAccounts.Directeur, DemoAccounts.Collaborateur, DemoAccounts.Admin })
            {
                foreach (var width in new[] { 1280, 375 })
                {
                    var page = await session.NewPageAsync(width: width, height: 800);
                    await page.SignInAsync(_app, account.Email);
                    await page.GotoInteractiveAsync(_app, "/connexions");
                    await Expect(page.GetByTestId("effective-brevo")).ToContainTextAsync("Connexion utilisée");
                    await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instagram", Exact = true })).ToBeVisibleAsync();

                    await page.AssertAccessibleAsync();
                    await page.AssertNoHorizontalOverflowAsync();
                    if (account == DemoAccounts.Directeur)
                    {
                        // The client links switch clients inside the circuit, and that page passes too.
                        await page.GetByRole(AriaRole.Link, new() { Name = $"{DemoAccounts.AgenceNordNom} · Agence du réseau" }).ClickAsync();
                        await Expect(page.GetByTestId("client-nom")).ToHaveTextAsync(DemoAccounts.AgenceNordNom);
                        await Expect(page.GetByTestId("effective-brevo")).ToContainTextAsync("Connexion utilisée");
                        await page.AssertAccessibleAsync();
                        await page.AssertNoHorizontalOverflowAsync();
                    }

                    await page.CloseAsync();
                }
            }
        });
    }
}
