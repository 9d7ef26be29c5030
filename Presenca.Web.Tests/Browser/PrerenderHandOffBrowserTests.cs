using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>
/// What a page reads while prerendering reaches its circuit through [PersistentState]: opening a
/// campaign reads it once, on the prerender, and the circuit reads it again only when the campaign
/// moves (a live refresh), never just because it started.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrerenderHandOffBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task Opening_a_campaign_reads_it_on_the_prerender_only_and_its_circuit_reads_it_again_only_on_a_live_change()
    {
        var app = factory.StartKestrel();
        var campaign = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, audience_kind)
              select '{campaign}', k.organisation_id, k.client_id, 'Lettre de rentrée', 'Bonjour', '<p>Bonjour</p>', 'tous'
              from clients k where k.client_nom = 'Agence Lyon Nord';
            """);
        using var reads = SqlCommandLog.WithParameter(campaign);

        // A prerender alone (no circuit): what one reading of the page costs.
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        (await client.GetAsync($"/campagnes/{campaign}")).EnsureSuccessStatusCode();
        var prerender = reads.Count;
        Assert.True(prerender > 0, "the page does not read its campaign by id");

        await browser.RunWithPagesAsync(async session =>
        {
            var page = await session.NewPageAsync();
            await page.SignInAsync(app, DemoAccounts.Collaborateur.Email);
            var beforeOpening = reads.Count;
            await page.GotoInteractiveAsync(app, $"/campagnes/{campaign}");
            var heading = page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 1 });
            await Expect(heading).ToHaveTextAsync("Lettre de rentrée");

            // Two live changes, each re-read by the circuit. By the second, anything the circuit read
            // when it started has long been counted.
            await RenameAndNotifyAsync(campaign, "Lettre de rentrée (v2)");
            await Expect(heading).ToHaveTextAsync("Lettre de rentrée (v2)");
            var afterFirstChange = reads.Count;
            await RenameAndNotifyAsync(campaign, "Lettre de rentrée (v3)");
            await Expect(heading).ToHaveTextAsync("Lettre de rentrée (v3)");
            var refresh = reads.Count - afterFirstChange;

            Assert.True(refresh > 0, "the live change was not re-read through the circuit");
            Assert.Equal(prerender + 2 * refresh, reads.Count - beforeOpening);
        });
    }

    private Task RenameAndNotifyAsync(Guid campaign, string name) => factory.Database.ExecuteAsOwnerAsync($"""
        update email_campaigns set name = '{name}' where id = '{campaign}';
        select pg_notify('campaign_progress', campaign_progress_payload(c)) from email_campaigns c where c.id = '{campaign}';
        """);
}
