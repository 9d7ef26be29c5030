using Npgsql;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// PostgreSQL drops every connection of the app mid-send (as a restart does), three times: the
/// send and its sandbox events finish, and at every moment sampled the campaign's counters equal
/// its rows (pending + sending + sent + delivered + failed + bounced = total, each counter the
/// count of its status), because they move in the same transaction as the rows.
/// </summary>
public sealed class CountersAfterRestartTests
{
    [Fact]
    public async Task Counters_stay_equal_to_the_rows_while_the_database_drops_every_connection_mid_send()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 600, batchSize: 100, inProcessWorker: true,
            withConnexion: false, organisationId: DemoAccounts.OrganisationId,
            extraSettings: new Dictionary<string, string?>
            {
                ["Presenca:Campaigns:Pipeline:SandboxWithoutConnexion"] = "true",
                ["Presenca:Campaigns:Pipeline:PreparationChunk"] = "200",
                ["Presenca:Campaigns:Sandbox:EventSpread"] = "00:00:00.200",
                ["Presenca:Campaigns:Sandbox:RateLimitEveryNthCall"] = "0",
                ["Presenca:Campaigns:Sandbox:BounceRate"] = "0.05",
                ["Presenca:Campaigns:Sandbox:OpenRate"] = "0",
                ["Presenca:Campaigns:Events:ChunkSize"] = "100",
            });
        var campaign = await harness.CreateCampaignAsync();
        await harness.StartCampaignAsync(campaign);

        var admin = TestPostgres.ForDatabase(TestPostgres.Admin, harness.Database.Name);
        var problems = new List<string>();
        var terminated = 0;
        var samples = 0;
        string last = "";
        await Eventually.UntilAsync(
            async () =>
            {
                last = await harness.Database.QueryAsOwnerAsync<string>($"""
                    select concat_ws('|', c.status, c.total_recipients,
                             c.pending_count + c.sending_count + c.sent_count + c.delivered_count + c.failed_count + c.bounced_count,
                             (c.total_recipients, c.pending_count, c.sending_count, c.sent_count, c.delivered_count, c.failed_count, c.bounced_count)
                               = (select count(*), count(*) filter (where e.status = 'pending'), count(*) filter (where e.status = 'sending'),
                                         count(*) filter (where e.status = 'sent'), count(*) filter (where e.status = 'delivered'),
                                         count(*) filter (where e.status = 'failed'), count(*) filter (where e.status = 'bounced')
                                  from emails_sent e where e.campaign_id = c.id),
                             c.delivered_count + c.bounced_count,
                             (select count(*) from email_event_inbox))
                    from email_campaigns c where c.id = '{campaign}'
                    """);
                samples++;
                var parts = last.Split('|');
                if (parts[1] != parts[2] || parts[3] != "t")
                {
                    problems.Add(last);
                }

                // Three outages spread over the send: as it starts, then after a third and two thirds of its events.
                var settled = int.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture);
                if (terminated < 3 && settled >= terminated * 200)
                {
                    terminated++;
                    await using var connection = new NpgsqlConnection(admin);
                    await connection.OpenAsync();
                    await using var kill = new NpgsqlCommand(
                        "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and usename = 'presenca_app'",
                        connection);
                    await kill.ExecuteScalarAsync();
                }

                return terminated == 3 && parts[0] == "sent" && settled == 600 && parts[5] == "0";
            },
            "the campaign sent, every event applied, after three outages",
            detail: () => $"Last sample: {last}; outages: {terminated}.\n{harness.WorkerOutput}");

        Assert.True(samples > 3);
        Assert.Empty(problems);
        Assert.Equal(600L, (await harness.StatusCountsAsync(campaign)).Values.Sum());
    }
}
