using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>Signing in and out, the navigation and the live indicator, in a real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private static readonly string[] NavigationLinks = ["Aperçu", "Campagnes", "Contacts", "Analytique", "Connexions"];

    private readonly Uri _app = factory.StartKestrel();

    public static TheoryData<string> DemoEmails => new(DemoAccounts.All.Select(a => a.Email));

    [Theory]
    [MemberData(nameof(DemoEmails))]
    public async Task Each_demo_role_signs_in_sees_the_navigation_and_its_name_goes_live_and_signs_out(string email)
    {
        var account = DemoAccounts.All.Single(a => a.Email == email);
        await browser.RunAsync(async page =>
        {
            await page.SubmitLoginAsync(_app, account.Email);

            var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
            foreach (var link in NavigationLinks)
            {
                await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
            }

            await Expect(page.Locator(".user-menu .user-name")).ToHaveTextAsync(account.NomComplet);
            await Expect(page.Locator("#live-status")).ToHaveTextAsync("connecté");

            await page.Locator(".user-menu .dropdown-toggle").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Uri(_app, "/connexion").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();

            // Signed out for real: the dashboard sends the browser back to the login page.
            await page.GotoAsync(new Uri(_app, "/").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
        }, variant: account.Email);
    }

    [Fact]
    public async Task Wrong_password_shows_a_french_error_that_does_not_say_which_part_was_wrong()
    {
        await browser.RunAsync(async page =>
        {
            await page.SubmitLoginAsync(_app, DemoAccounts.Directeur.Email, "pas-le-bon-mot-de-passe");

            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Adresse e-mail ou mot de passe incorrect.");
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" })).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task On_a_375_pixel_wide_phone_the_navigation_is_visible_and_nothing_overflows_sideways()
    {
        await browser.RunWithPagesAsync(async session =>
        {
            var page = await session.NewPageAsync(width: 375, height: 740);
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);

            var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
            foreach (var link in NavigationLinks)
            {
                await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
            }

            var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(pageWidth <= 375, $"the page is {pageWidth} px wide on a 375 px screen");
        });
    }
}
