using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>The app with circuits re-checking their user every two seconds instead of every minute.</summary>
public sealed class FastRevalidationWebFactory : PresencaWebFactory
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?> { ["Presenca:Circuits:RevalidationInterval"] = Interval.ToString("c") };
}

/// <summary>A deactivated user's page, already open in its circuit, stops showing data at the next check.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitRevalidationBrowserTests(BrowserFixture browser, FastRevalidationWebFactory factory) : IClassFixture<FastRevalidationWebFactory>
{
    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task A_deactivated_director_loses_the_open_page_at_the_next_revalidation()
    {
        await browser.RunAsync(async page =>
        {
            await page.SignInAsync(_app, DemoAccounts.Directeur.Email);
            await page.GotoInteractiveAsync(_app, "/administration/utilisateurs");
            await Expect(page.GetByTestId("users")).ToContainTextAsync(DemoAccounts.Collaborateur.Email);

            // What deactivating does (UserDeactivation): a lockout that never ends and a new security stamp.
            await factory.Database.ExecuteAsOwnerAsync($"""
                update users set lockout_enabled = true, lockout_end = '9999-01-01T00:00:00Z', security_stamp = gen_random_uuid()::text
                where email = '{DemoAccounts.Directeur.Email}'
                """);

            // The circuit signs the user out, and the layout sends an anonymous visitor to the sign-in page.
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("users")).ToHaveCountAsync(0);
        });
    }
}
