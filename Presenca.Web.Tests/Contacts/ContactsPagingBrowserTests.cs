using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Contacts;

/// <summary>The contacts list pages with a keyset over the circuit, in every order, and comes back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactsPagingBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task Keyset_pages_follow_each_other_without_overlap_and_come_back_in_every_order()
    {
        var total = await factory.Database.QueryAsOwnerAsync<long>(
            $"select count(*) from contacts c join clients k on k.client_id = c.client_id where k.client_nom = '{DemoAccounts.AgenceNordNom}'");
        await browser.RunAsync(async page =>
        {
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            foreach (var sort in new[] { "email", "email_desc", "organisation", "recent" })
            {
                await page.GotoInteractiveAsync(_app, $"/contacts?tri={sort}");
                var rows = page.Locator("[data-testid=contacts-table] tbody tr td:first-child");
                await Expect(rows).ToHaveCountAsync(50);
                var first = await rows.AllInnerTextsAsync();
                await Expect(page.GetByTestId("page-previous")).ToBeDisabledAsync();
                var seen = new HashSet<string>(first);
                for (var number = 2; number <= 5; number++)
                {
                    await page.GetByTestId("page-next").ClickAsync();
                    await Expect(page.GetByTestId("page-number")).ToHaveTextAsync($"Page {number} sur 5");
                    foreach (var row in await rows.AllInnerTextsAsync())
                    {
                        Assert.True(seen.Add(row), $"{row} shown twice ({sort})");
                    }
                }

                await Expect(page.GetByTestId("page-next")).ToBeDisabledAsync();
                Assert.Equal(total, seen.Count);
                await page.GetByTestId("page-previous").ClickAsync();
                await Expect(page.GetByTestId("page-number")).ToHaveTextAsync("Page 4 sur 5");
                await page.GetByTestId("page-first").ClickAsync();
                await Expect(page.GetByTestId("page-number")).ToHaveTextAsync("Page 1 sur 5");
                Assert.Equal(first, await rows.AllInnerTextsAsync());
            }
        });
    }
}
