using Presenca.Web.Demo;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// The demo organisation without any Brevo connexion sends through the sandbox (allowed here),
/// whose Brevo-shaped events go through the same handler as real webhooks: the campaign visibly
/// progresses to delivered, a "bounce" address hard-bounces and its contact is marked, and the
/// campaign's counters agree with its recipients' rows after thousands of concurrent updates.
/// </summary>
public sealed class SandboxCampaignTests
{
    [Fact]
    public async Task A_sandbox_campaign_ends_delivered_or_bounced_with_counters_matching_the_recipients()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 300, batchSize: 100, inProcessWorker: true,
            withConnexion: false, organisationId: DemoAccounts.OrganisationId,
            extraSettings: new Dictionary<string, string?>
            {
                ["Presenca:Campaigns:Pipeline:SandboxWithoutConnexion"] = "true",
                ["Presenca:Campaigns:Sandbox:EventSpread"] = "00:00:00.500",
                ["Presenca:Campaigns:Sandbox:RateLimitEveryNthCall"] = "2",
                ["Presenca:Campaigns:Sandbox:RateLimitDelay"] = "00:00:00.200",
                ["Presenca:Campaigns:Sandbox:BounceRate"] = "0",
                ["Presenca:Campaigns:Sandbox:OpenRate"] = "0.5",
            });
        await harness.Database.ExecuteAsOwnerAsync($"""
            insert into contacts (organisation_id, client_id, email) values ('{harness.OrganisationId}', '{harness.ReseauId}', 'bounce.essai@exemple.fr');
            """);
        var campaign = await harness.CreateCampaignAsync();

        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        await harness.WaitForStatusAsync(campaign, "sent");
        await harness.WaitUntilAsync(
            () => harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}' and status in ('pending', 'sending', 'sent')").Result == 0,
            "every sandbox event was applied");

        Assert.Equal(new Dictionary<string, long> { ["delivered"] = 300, ["bounced"] = 1 }, await harness.StatusCountsAsync(campaign));
        Assert.True(await harness.Database.QueryAsOwnerAsync<bool>("select hard_bounced from contacts where email = 'bounce.essai@exemple.fr'"));
        Assert.Empty(harness.Fake.Deliveries);
        var opened = await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}' and opened_at is not null");
        Assert.True(opened > 0);
        // Opens can still be playing: the counter must match the rows as they are now.
        await harness.WaitUntilAsync(
            () => harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}' and opened_at is not null").Result
                  == harness.Database.QueryAsOwnerAsync<int>($"select opened_count from email_campaigns where id = '{campaign}'").Result,
            "the opened counter agrees with the rows");
        // Counters and rows read in one statement (one snapshot), so the opens count is exact.
        var counted = await harness.Database.QueryAsOwnerAsync<string>($"""
            select concat_ws('|',
                     concat_ws(',', total_recipients, pending_count, sending_count, sent_count, delivered_count, failed_count, bounced_count, opened_count),
                     concat_ws(',', 301, 0, 0, 0, 300, 0, 1, (select count(*) from emails_sent e where e.campaign_id = c.id and e.opened_at is not null)))
            from email_campaigns c where c.id = '{campaign}'
            """);
        var (counters, expected) = (counted.Split('|')[0], counted.Split('|')[1]);
        Assert.Equal(expected, counters);
    }
}
