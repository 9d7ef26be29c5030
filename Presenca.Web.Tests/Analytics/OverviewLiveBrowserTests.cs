using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Aperçu follows campaigns over its circuit: a sending campaign's bar and the day's figures move,
/// a campaign started elsewhere (another tab, another instance: only the database in common)
/// appears, and a finished one leaves "Envois en cours", all without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewLiveBrowserTests(BrowserFixture browser, AnalyticsKestrelFactory factory) : IClassFixture<AnalyticsKestrelFactory>
{
    private static readonly Guid RelanceNord = Guid.Parse("00000000-0000-0000-0000-0000000000d2");

    [Fact]
    public async Task Overview_follows_a_campaign_that_sends_one_that_starts_elsewhere_and_one_that_finishes()
    {
        var app = factory.KestrelAddress!;
        var started = Guid.NewGuid();

        await browser.RunWithPagesAsync(async session =>
        {
            var page = await session.NewPageAsync();
            await page.SignInAsync(app, DemoAccounts.Collaborateur.Email);
            await Expect(page.GetByTestId("envoyes-aujourdhui")).ToHaveTextAsync("1");
            await Expect(Progress(page, RelanceNord)).ToHaveTextAsync("1 / 4 e-mails traités (25 %)");
            await page.EvaluateAsync("() => { window.presencaSameDocument = true; }");
            await LiveRelay.WaitForListenerAsync(factory.Database);

            // The pipeline's way: recipients move forward, the counters trigger announces it.
            await factory.Database.ExecuteAsOwnerAsync($"""
                update emails_sent set status = 'delivered', sent_at = now()
                where campaign_id = '{RelanceNord}' and status in ('pending', 'sending')
                """);
            await Expect(Progress(page, RelanceNord)).ToHaveTextAsync("4 / 4 e-mails traités (100 %)");
            await Expect(page.Locator($"[data-campaign-id='{RelanceNord}'] [role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "100");
            await Expect(page.GetByTestId("envoyes-aujourdhui")).ToHaveTextAsync("4");

            // Started by another instance: this app only hears of it through the database.
            await factory.Database.ExecuteAsOwnerAsync($"""
                insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status, started_at, total_recipients, pending_count)
                  select '{started}', organisation_id, client_id, 'Rappel Nord', 's', 'c', 'sending', now(), 3, 3
                  from clients where client_nom = 'Agence Lyon Nord';
                {LiveRelay.Announce(started)}
                """);
            await Expect(Progress(page, started)).ToHaveTextAsync("0 / 3 e-mails traités (0 %)");

            await factory.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'sent', finished_at = now() where id = '{RelanceNord}'");
            await Expect(page.Locator($"[data-testid=envoi-en-cours][data-campaign-id='{RelanceNord}']")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("envoi-en-cours")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("dernieres-campagnes")).ToContainTextAsync("Rappel Nord");
            Assert.True(await page.EvaluateAsync<bool>("() => window.presencaSameDocument === true"), "the page was reloaded");
        });
    }

    private static ILocator Progress(IPage page, Guid campaign) =>
        page.Locator($"[data-campaign-id='{campaign}'] [data-testid=envoi-progression]");
}
