using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Contacts;

/// <summary>Every Contacts page, for each role that opens it, at a desktop and a phone width: axe-core finds nothing serious, nothing scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactsAccessibilityTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task The_contacts_pages_pass_axe_and_fit_at_1280_and_375_pixels_for_each_role()
    {
        var nord = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var (importId, _) = await ContactsClient.ImportAsync(nord, factory.Database, "axe.xlsx",
            ContactFixtures.Xlsx(["Organisation", "E-mail"], ["Axe", "un@axe-thirteen.fr"], ["Axe", "pas-valide"], ["Axe", "UN@axe-thirteen.fr"]));
        var contactId = await factory.Database.QueryAsOwnerAsync<Guid>("select id from contacts where email = 'un@axe-thirteen.fr'");
        string[] everyPage = ["/contacts", $"/contacts/{contactId}", "/contacts/organisations", "/contacts/import", $"/contacts/imports/{importId}"];
        string[] listPages = ["/contacts", "/contacts/organisations", "/contacts/import"];
        var visits = new (string Email, string[] Paths)[]
        {
            (DemoAccounts.Collaborateur.Email, everyPage),
            (DemoAccounts.Directeur.Email, listPages),
            (DemoAccounts.Admin.Email, listPages),
        };

        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var (email, paths) in visits)
            {
                foreach (var width in new[] { 1280, 375 })
                {
                    var page = await session.NewPageAsync(width: width, height: 800);
                    await page.SignInAsync(_app, email);
                    foreach (var path in paths)
                    {
                        await page.GotoInteractiveAsync(_app, path);
                        await Expect(page.Locator("h1")).ToBeVisibleAsync();
                        await page.AssertAccessibleAsync();
                        await page.AssertNoHorizontalOverflowAsync();
                    }
                }
            }
        });
    }
}
