using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// Issue 12 §4: a campaign's recipients are written a chunk at a time, and its first batches are
/// sent while later chunks are still to come. The guarantees of a single materialisation hold:
/// one row per contact, nobody sent twice or skipped, the audience fixed at the start, and a worker
/// killed in the middle of a chunk leaves nothing of it for the next one to trip over.
/// </summary>
public sealed class ChunkedPreparationTests
{
    private static readonly Dictionary<string, string?> SmallChunks = new()
    {
        ["Presenca:Campaigns:Pipeline:PreparationChunk"] = "300",
    };

    [Fact]
    public async Task The_first_batch_is_claimed_and_sent_while_chunks_remain_and_every_recipient_of_the_start_gets_one_email()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 1000, batchSize: 100, inProcessWorker: false, extraSettings: SmallChunks);
        var campaign = await harness.CreateCampaignAsync();
        var preparer = harness.Services.GetRequiredService<CampaignPreparer>();
        var sender = harness.Services.GetRequiredService<CampaignBatchSender>();

        var start = await harness.StartCampaignAsync(campaign);

        // "Envoyer" counts nothing: the audience is fixed, its count comes from a worker.
        Assert.True(start.Started, start.Refusal);
        Assert.Equal(0L, await RowsAsync(harness, campaign));
        Assert.Equal((null, true), await PreparationAsync(harness, campaign));

        // A contact added after "Envoyer" but before the count is neither counted nor sent.
        await harness.Database.ExecuteAsOwnerAsync($"""
            insert into contacts (organisation_id, client_id, email, organization_name)
              values ('{harness.OrganisationId}', '{harness.ReseauId}', 'arrive.apres@exemple.fr', 'Société tardive');
            """);

        // The first chunk is one batch; it can be claimed and sent at once, before any count.
        Assert.False(await preparer.CountNextAudienceAsync(CancellationToken.None));
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        Assert.Equal((null, true), await PreparationAsync(harness, campaign));
        var first = await sender.ClaimAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal(campaign, first.CampaignId);
        await sender.SendAsync(first, CancellationToken.None);
        Assert.Equal(100, harness.Fake.Deliveries.Count);
        Assert.Null(await sender.ClaimAsync(CancellationToken.None));

        // Counted beside the chunks: what remains of the audience fixed at "Envoyer", once.
        Assert.True(await preparer.CountNextAudienceAsync(CancellationToken.None));
        Assert.Equal((900, true), await PreparationAsync(harness, campaign));
        Assert.False(await preparer.CountNextAudienceAsync(CancellationToken.None));

        // Every batch written so far is done, yet the campaign is not finished: chunks remain.
        await harness.Services.GetRequiredService<CampaignWorker>().TickAsync(CancellationToken.None);
        Assert.Equal("sending", await StatusAsync(harness, campaign));

        // Meanwhile: one unsubscribed before its chunk is prepared is skipped.
        await harness.Database.ExecuteAsOwnerAsync($"""
            update contacts set desinscrit = true, desinscrit_at = now()
              where id = (select max(id::text)::uuid from contacts where client_id = '{harness.ReseauId}' and email <> 'arrive.apres@exemple.fr');
            """);

        while (await preparer.PrepareNextChunkAsync(CancellationToken.None))
        {
            Assert.Equal("sending", await StatusAsync(harness, campaign));
        }

        Assert.Equal((0, false), await PreparationAsync(harness, campaign));
        for (var batch = await sender.ClaimAsync(CancellationToken.None); batch is not null; batch = await sender.ClaimAsync(CancellationToken.None))
        {
            await sender.SendAsync(batch, CancellationToken.None);
        }

        await harness.WaitForStatusAsync(campaign, "sent");
        Assert.Equal(new Dictionary<string, long> { ["sent"] = 999 }, await harness.StatusCountsAsync(campaign));
        Assert.Empty(harness.Fake.DuplicateDeliveries());
        Assert.Equal(999, harness.Fake.Deliveries.Select(d => d.Recipient).Distinct().Count());
        Assert.DoesNotContain(harness.Fake.Deliveries, d => d.Recipient == "arrive.apres@exemple.fr");
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"""
            select count(*) from contacts c
            where c.client_id = '{harness.ReseauId}' and not c.desinscrit and c.email <> 'arrive.apres@exemple.fr'
              and not exists (select 1 from emails_sent e where e.campaign_id = '{campaign}' and e.contact_id = c.id)
            """));
        // Batches numbered 1..10 without a gap, as one materialisation would have.
        Assert.Equal("10,10", await harness.Database.QueryAsOwnerAsync<string>(
            $"select count(*) || ',' || max(batch_no) from email_batches where campaign_id = '{campaign}'"));
        Assert.Equal(999, await harness.Database.QueryAsOwnerAsync<int>($"select total_recipients from email_campaigns where id = '{campaign}'"));
    }

    [Fact]
    public async Task A_worker_killed_in_the_middle_of_a_chunk_is_resumed_by_the_next_with_every_recipient_exactly_once()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 2000, batchSize: 100, inProcessWorker: false, extraSettings: SmallChunks);
        var campaign = await harness.CreateCampaignAsync();
        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        var preparer = harness.Services.GetRequiredService<CampaignPreparer>();
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        // One batch, then a chunk as large as all before it.
        Assert.Equal(200L, await RowsAsync(harness, campaign));
        Assert.True(await preparer.CountNextAudienceAsync(CancellationToken.None));
        Assert.Equal((1800, true), await PreparationAsync(harness, campaign));

        // Hold the campaign's row: the worker's next chunk writes its rows, then waits inside its
        // transaction for the counters' update, which is where it is killed.
        await using (var holder = new NpgsqlConnection(harness.Database.OwnerConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand($"select 1 from email_campaigns where id = '{campaign}' for update", holder, hold))
            {
                await lockRow.ExecuteNonQueryAsync();
            }

            var worker = harness.StartWorkerProcess();
            await WaitForAsync(harness, "the worker's chunk waiting inside its transaction", () => ChunkWaitingAsync(harness));
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
            await hold.RollbackAsync();
        }

        // The dead worker's transaction never committed: what it wrote is gone with it.
        Assert.Equal(200L, await RowsAsync(harness, campaign));
        Assert.Equal((1800, true), await PreparationAsync(harness, campaign));

        harness.StartWorkerProcess();
        await harness.WaitForStatusAsync(campaign, "sent");

        Assert.Equal(new Dictionary<string, long> { ["sent"] = 2000 }, await harness.StatusCountsAsync(campaign));
        Assert.Equal(2000L, await harness.Database.QueryAsOwnerAsync<long>($"select count(distinct contact_id) from emails_sent where campaign_id = '{campaign}'"));
        Assert.Empty(harness.Fake.DuplicateDeliveries());
        Assert.Equal(2000, harness.Fake.Deliveries.Select(d => d.Recipient).Distinct().Count());
        Assert.Equal((0, false), await PreparationAsync(harness, campaign));
    }

    [Fact]
    public async Task A_campaign_cancelled_during_preparation_stops_preparing_and_keeps_no_pending_recipients()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 1000, batchSize: 100, inProcessWorker: false, extraSettings: SmallChunks);
        var campaign = await harness.CreateCampaignAsync();
        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        var preparer = harness.Services.GetRequiredService<CampaignPreparer>();
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));

        // Paused: the preparation waits; resumed: it goes on.
        await harness.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'paused' where id = '{campaign}'");
        Assert.False(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        await harness.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'sending' where id = '{campaign}'");
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        // 100, 100, then 200: each chunk as large as all before it, up to 300.
        Assert.Equal(400L, await RowsAsync(harness, campaign));

        await harness.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'cancelled' where id = '{campaign}'");
        Assert.False(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        await harness.Services.GetRequiredService<CampaignWorker>().TickAsync(CancellationToken.None);

        Assert.Equal(0L, await RowsAsync(harness, campaign));
        Assert.Equal((0, false), await PreparationAsync(harness, campaign));
        Assert.Equal("0,0", await harness.Database.QueryAsOwnerAsync<string>(
            $"select total_recipients || ',' || pending_count from email_campaigns where id = '{campaign}'"));
        Assert.Equal("cancelled", await StatusAsync(harness, campaign));
        Assert.Empty(harness.Fake.Deliveries);
    }

    [Fact]
    public async Task A_worker_process_hears_a_start_by_notify_and_sends_it_without_waiting_for_its_poll()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 250, batchSize: 100, inProcessWorker: false, extraSettings: SmallChunks);
        // It looks for work every ten minutes: only a NOTIFY can explain a campaign that leaves at once.
        harness.StartWorkerProcess(new Dictionary<string, string?> { ["Presenca:Campaigns:Pipeline:PollInterval"] = "00:10:00" });

        // The first campaign may be found by the worker's first look, as it starts; once it is sent,
        // every loop of the worker is waiting out its poll.
        var before = await harness.CreateCampaignAsync();
        Assert.True((await harness.StartCampaignAsync(before)).Started);
        await harness.WaitForStatusAsync(before, "sent", TimeSpan.FromMinutes(1));

        var campaign = await harness.CreateCampaignAsync();
        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        await harness.WaitForStatusAsync(campaign, "sent", TimeSpan.FromSeconds(30));

        Assert.Equal(new Dictionary<string, long> { ["sent"] = 250 }, await harness.StatusCountsAsync(campaign));
        Assert.Equal(0, await harness.Database.QueryAsOwnerAsync<int>($"select recipients_to_prepare from email_campaigns where id = '{campaign}'"));
        Assert.Empty(harness.Fake.DuplicateDeliveries());
    }

    private static Task<long> RowsAsync(PipelineHarness harness, Guid campaign) =>
        harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}'");

    private static Task<string> StatusAsync(PipelineHarness harness, Guid campaign) =>
        harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'");

    // To prepare: null while the audience is not counted yet.
    private static async Task<(int? ToPrepare, bool Preparing)> PreparationAsync(PipelineHarness harness, Guid campaign)
    {
        var text = await harness.Database.QueryAsOwnerAsync<string>(
            $"select coalesce(recipients_to_prepare::text, 'null') || ',' || preparing from email_campaigns where id = '{campaign}'");
        var parts = text.Split(',');
        return (parts[0] == "null" ? null : int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1] == "true");
    }

    // Other roles' statements are visible to the superuser only.
    private static async Task<bool> ChunkWaitingAsync(PipelineHarness harness)
    {
        await using var connection = new NpgsqlConnection(Infrastructure.TestPostgres.ForDatabase(Infrastructure.TestPostgres.Admin, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select count(*) from pg_stat_activity
            where datname = $1 and wait_event_type = 'Lock' and state = 'active' and query like '%insert into emails_sent%'
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = harness.Database.Name });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static Task WaitForAsync(PipelineHarness harness, string what, Func<Task<bool>> condition) =>
        Eventually.UntilAsync(condition, what, detail: () => $"Worker output:\n{harness.WorkerOutput}");
}
