using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Analytics;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>
/// Two instances of the app over one database, as behind a load balancer: a campaign started on
/// one instance appears, without a reload, on Campagnes pages already open on both, because every
/// instance's relay LISTENs and hands the NOTIFY to its own circuits.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveChannelBrowserTests(BrowserFixture browser, PresencaWebFactory first) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task A_campaign_started_on_another_instance_appears_on_campaigns_pages_already_open_on_both()
    {
        // A second server on the same database, stopped before the class fixture drops it.
        await using var second = PresencaWebFactory.SharingDatabase(first.Database);
        var firstApp = first.StartKestrel();
        var secondApp = second.StartKestrel();
        Assert.NotEqual(firstApp, secondApp);
        var campaign = await Campaigns.CampaignPageSteps.InsertCampaignAsync(first.Database, DemoAccounts.AgenceNordNom, "Partie d'ailleurs", audienceSearch: "caluire");
        // Held in "sending" for the test: the sandbox's next call slot is an hour away.
        await first.Database.ExecuteAsOwnerAsync("""
            insert into send_rate_limits (limiter_key, next_slot_at) values ('sandbox', now() + interval '1 hour')
              on conflict (limiter_key) do update set next_slot_at = excluded.next_slot_at;
            """);

        await browser.RunWithPagesAsync(async session =>
        {
            var onFirst = await session.NewPageAsync();
            await onFirst.SignInAsync(firstApp, DemoAccounts.Collaborateur.Email);
            await onFirst.GotoInteractiveAsync(firstApp, "/campagnes");
            var onSecond = await session.NewPageAsync();
            await onSecond.SignInAsync(secondApp, DemoAccounts.Directeur.Email);
            await onSecond.GotoInteractiveAsync(secondApp, "/campagnes");
            await LiveRelay.WaitForListenersAsync(first.Database, 2);
            foreach (var page in new[] { onFirst, onSecond })
            {
                await Expect(page.GetByTestId("in-progress")).Not.ToContainTextAsync("Partie d'ailleurs");
                await page.EvaluateAsync("() => { window.presencaSameDocument = true; }");
            }

            var start = await second.Services.GetRequiredService<CampaignStarter>().StartAsync(campaign, CancellationToken.None);
            Assert.True(start.Started, start.Refusal);

            foreach (var page in new[] { onFirst, onSecond })
            {
                await Expect(page.Locator($"[data-campaign-id='{campaign}']")).ToContainTextAsync("Partie d'ailleurs");
                await Expect(page.Locator($"[data-campaign-id='{campaign}'] [data-field=status]")).ToHaveTextAsync("En cours d'envoi");
                Assert.True(await page.EvaluateAsync<bool>("() => window.presencaSameDocument === true"), "the page was reloaded");
            }
        });
        await first.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'cancelled' where id = '{campaign}'");
    }

    /// <summary>
    /// Each instance's relay LISTENs in the background once the app has started; a NOTIFY sent
    /// before that would reach nobody. Wait until the database sees that many listeners.
    /// </summary>
}
