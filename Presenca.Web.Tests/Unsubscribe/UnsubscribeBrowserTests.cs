using Microsoft.Playwright;
using Presenca.Web.Tests.Campaigns.Pipeline;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Unsubscribe;

/// <summary>
/// A recipient follows the link of the email the fake Brevo received to the public page,
/// unsubscribes, changes their mind, and the page passes axe at desktop and phone widths.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UnsubscribeBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_link_of_a_sent_email_opens_the_page_which_unsubscribes_and_undoes_it()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 3, batchSize: 10, inProcessWorker: true, kestrel: true);
        var app = harness.KestrelAddress!;
        var campaign = await harness.CreateCampaignAsync();
        await harness.StartCampaignAsync(campaign);
        await harness.WaitForStatusAsync(campaign, "sent");
        var email = harness.Fake.Deliveries.OrderBy(d => d.Recipient).First();
        var link = new Uri(UnsubscribeSendingTests.Link(email.Html));
        var contact = await harness.Database.QueryAsOwnerAsync<Guid>($"select id from contacts where email = '{email.Recipient}'");
        string State() => $"select desinscrit || ' ' || (select count(unsubscribed_at) from emails_sent where contact_id = c.id) from contacts c where c.id = '{contact}'";

        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var (width, height) in new[] { (1280, 800), (375, 740) })
            {
                var page = await session.NewPageAsync(width, height);
                // The email points at the configured public address; here that address is this Kestrel.
                await page.GotoAsync(new Uri(app, link.PathAndQuery).ToString());

                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Se désinscrire" })).ToBeVisibleAsync();
                await Expect(page.GetByTestId("unsubscribe-sender")).ToHaveTextAsync("Réseau pipeline");
                await page.AssertAccessibleAsync();
                await page.AssertNoHorizontalOverflowAsync();
                Assert.Equal("false 0", await harness.Database.QueryAsOwnerAsync<string>(State()));

                await page.GetByRole(AriaRole.Button, new() { Name = "Me désinscrire" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vous êtes désinscrit" })).ToBeVisibleAsync();
                await Expect(page.GetByTestId("unsubscribe-done")).ToContainTextAsync("Vous ne recevrez plus les campagnes e-mail de Réseau pipeline");
                await page.AssertAccessibleAsync();
                await page.AssertNoHorizontalOverflowAsync();
                Assert.Equal("true 1", await harness.Database.QueryAsOwnerAsync<string>(State()));

                await page.GetByRole(AriaRole.Button, new() { Name = "Je me suis trompé" }).ClickAsync();
                await Expect(page.GetByTestId("unsubscribe-resubscribed")).ToContainTextAsync("vous restez inscrit aux campagnes de Réseau pipeline");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Me désinscrire" })).ToBeVisibleAsync();
                Assert.Equal("false 0", await harness.Database.QueryAsOwnerAsync<string>(State()));
                Assert.Equal(0, await harness.Database.QueryAsOwnerAsync<int>($"select unsubscribed_count from email_campaigns where id = '{campaign}'"));
            }

            // A link someone altered: the French "lien invalide" page, with a 404.
            var broken = await session.NewPageAsync();
            var response = await broken.GotoAsync(new Uri(app, link.PathAndQuery[..^3]).ToString());
            Assert.Equal(404, response!.Status);
            await Expect(broken.GetByRole(AriaRole.Heading, new() { Name = "Lien invalide" })).ToBeVisibleAsync();
            await broken.AssertAccessibleAsync();
        });
    }
}
