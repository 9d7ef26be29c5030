using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>
/// "Envoi en progression" is live over the circuit: two people watching a sandbox campaign of
/// 2,000 recipients both see it move and finish without reloading (NOTIFY → relay → LiveFeed → render):
/// the list's card gives way to the table's "Envoyée", and the detail page shows "Campagne terminée" with its figures, the "Envoyée" badge and no
/// pause button or ETA left over.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignProgressBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task Two_pages_watching_a_sandbox_campaign_of_2000_recipients_both_follow_it_to_its_final_figures_without_reload()
    {
        var app = factory.StartKestrel();
        var campaign = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($$$"""
            insert into contacts (organisation_id, client_id, email, organization_name)
              select k.organisation_id, k.client_id, 'lecteur' || n || '@suivi-direct.fr', 'Suivi direct'
              from clients k, generate_series(1, 2000) n where k.client_nom = 'Agence Marseille Sud';
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, audience_kind, audience_search)
              select '{{{campaign}}}', k.organisation_id, k.client_id, 'Grande diffusion', 'Bonjour {{organisation}}', '<p>Bonjour {{email}}</p>', 'recherche', 'suivi-direct'
              from clients k where k.client_nom = 'Agence Marseille Sud';
            -- The sandbox's next call slot is a few seconds away: nothing leaves before the pause below.
            insert into send_rate_limits (limiter_key, next_slot_at) values ('sandbox', now() + interval '20 seconds')
              on conflict (limiter_key) do update set next_slot_at = excluded.next_slot_at;
            """);
        var start = await factory.Services.GetRequiredService<CampaignStarter>().StartAsync(campaign, CancellationToken.None);
        Assert.True(start.Started, start.Refusal);
        await factory.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'paused' where id = '{campaign}'");
        await factory.Database.ExecuteAsOwnerAsync("update send_rate_limits set next_slot_at = now() where limiter_key = 'sandbox'");

        await browser.RunWithPagesAsync(async session =>
        {
            var director = await session.NewPageAsync();
            await director.SignInAsync(app, DemoAccounts.Directeur.Email);
            await director.GotoInteractiveAsync(app, "/campagnes");
            var admin = await session.NewPageAsync();
            await admin.SignInAsync(app, DemoAccounts.Admin.Email);
            await admin.GotoInteractiveAsync(app, $"/campagnes/{campaign}");
            foreach (var page in new[] { director, admin })
            {
                await Expect(Bar(page, campaign)).ToHaveTextAsync("0\u00a0%");
                await page.EvaluateAsync("() => { window.presencaSameDocument = true; }");
            }

            await Expect(admin.GetByTestId("resume")).ToBeVisibleAsync();
            await factory.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'sending', pause_reason = null where id = '{campaign}'");
            await Expect(admin.GetByTestId("pause")).ToBeVisibleAsync();

            // The list's card moves while it sends, then leaves "Envoi en progression" for the table's "Envoyée".
            await Expect(Bar(director, campaign)).Not.ToHaveTextAsync("0\u00a0%", new() { Timeout = 60_000 });
            await Expect(Bar(admin, campaign)).Not.ToHaveTextAsync("0\u00a0%", new() { Timeout = 60_000 });
            await Expect(director.Locator($"tr:has([data-campaign-row='{campaign}'])")).ToContainTextAsync("Envoyée", new() { Timeout = 120_000 });
            await Expect(director.Locator($"[data-campaign-id='{campaign}']")).ToHaveCountAsync(0);
            await Expect(admin.GetByTestId("final-total")).ToHaveTextAsync(CampaignLabels.Number(2000), new() { Timeout = 120_000 });
            await Expect(admin.GetByTestId("campaign-status")).ToHaveTextAsync("Envoyée");
            await Expect(admin.GetByTestId("pause")).ToHaveCountAsync(0);
            await Expect(admin.GetByTestId("campaign-eta")).ToHaveCountAsync(0);
            await Expect(admin.GetByTestId("campaign-header")).Not.ToContainTextAsync("En cours d'envoi");
            foreach (var page in new[] { director, admin })
            {
                Assert.True(await page.EvaluateAsync<bool>("() => window.presencaSameDocument === true"), "the page was reloaded");
            }
        });
    }

    private static ILocator Bar(IPage page, Guid campaign) => page.Locator($"[data-campaign-id='{campaign}'] [data-field=bar]");
}
