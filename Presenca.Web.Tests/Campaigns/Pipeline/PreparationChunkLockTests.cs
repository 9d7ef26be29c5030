using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// Issue 11 §8: while a preparation chunk's transaction is open (a large chunk is, for as long as
/// its statement triggers run and its write-ahead log is flushed), the campaign's senders, its
/// audience count and the announcement of held-back progress go on: none of them waits for the
/// chunk's commit, so watching pages keep moving. The chunk's recipients reach the counters right
/// after it commits, exactly once.
/// </summary>
public sealed class PreparationChunkLockTests
{
    // Any number: the test holds it, the chunk's extra trigger waits for it.
    internal const string HoldKey = "7341";

    // Fires after every trigger of the schema on emails_sent (triggers fire in name order), so the
    // chunk has done everything its statement does, counters included, when it waits here.
    internal const string HoldChunkOpenSql = $"""
        create function test_hold_chunk_open() returns trigger language plpgsql as $$
        begin
          perform pg_advisory_xact_lock_shared({HoldKey});
          return null;
        end $$;
        create trigger zz_test_hold_chunk_open after insert on emails_sent
          for each statement execute function test_hold_chunk_open();
        """;

    [Fact]
    public async Task A_sender_the_count_and_the_progress_announcement_move_the_campaign_while_a_preparation_chunk_is_still_open()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 700, batchSize: 100, inProcessWorker: false,
            extraSettings: new Dictionary<string, string?> { ["Presenca:Campaigns:Pipeline:PreparationChunk"] = "300" });
        var campaign = await harness.CreateCampaignAsync();
        var preparer = harness.Services.GetRequiredService<CampaignPreparer>();
        var sender = harness.Services.GetRequiredService<CampaignBatchSender>();
        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        var first = await sender.ClaimAsync(CancellationToken.None);
        Assert.NotNull(first);

        await harness.Database.ExecuteAsOwnerAsync(HoldChunkOpenSql);
        await using var holder = new NpgsqlConnection(harness.Database.OwnerConnectionString);
        await holder.OpenAsync();
        await ExecuteAsync(holder, $"select pg_advisory_lock({HoldKey})");
        Task<bool> chunk;
        try
        {
            // The second chunk (the next 100 contacts, as many as all before it) writes its rows and stays open.
            chunk = preparer.PrepareNextChunkAsync(CancellationToken.None);
            int? chunkPid = null;
            await Eventually.UntilAsync(async () => (chunkPid = await OpenChunkPidAsync(harness)) is not null,
                "the next chunk waiting inside its transaction", TimeSpan.FromSeconds(30));

            // The first batch goes through Brevo: marked sending, then sent, the counters moving each time.
            await WithoutWaitingForAsync(harness, chunkPid!.Value, "the sender", sender.SendAsync(first, CancellationToken.None));
            Assert.Equal(100, harness.Fake.Deliveries.Count);
            // Counted beside the chunks: the audience after the committed chunk's cursor.
            Assert.True(await WithoutWaitingForAsync(harness, chunkPid.Value, "the audience count", preparer.CountNextAudienceAsync(CancellationToken.None)));
            // The scheduler's (and the progress loop's) announcement of held-back progress.
            await using (var flush = new NpgsqlConnection(harness.Database.AppConnectionString))
            {
                await flush.OpenAsync();
                await ExecuteAsync(flush, "set lock_timeout = '5s'");
                await ExecuteAsync(flush, "select flush_campaign_progress()");
            }

            Assert.Equal(chunkPid, await OpenChunkPidAsync(harness));
            Assert.False(chunk.IsCompleted);
            // What the pages show meanwhile: the committed chunk, sent; the open one not yet.
            Assert.Equal("100|0|0|100|600|t", await CountersAsync(harness, campaign));
        }
        finally
        {
            await ExecuteAsync(holder, $"select pg_advisory_unlock({HoldKey})");
        }

        // Once it commits, its 100 recipients are counted and taken off what remains to prepare.
        Assert.True(await chunk.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("200|100|0|100|500|t", await CountersAsync(harness, campaign));
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>("select count(*) from email_prepared_chunks"));

        await preparer.PrepareAllAsync(campaign, CancellationToken.None);
        Assert.Equal("700|600|0|100|0|f", await CountersAsync(harness, campaign));
        for (var batch = await sender.ClaimAsync(CancellationToken.None); batch is not null; batch = await sender.ClaimAsync(CancellationToken.None))
        {
            await sender.SendAsync(batch, CancellationToken.None);
        }

        await harness.WaitForStatusAsync(campaign, "sent");
        Assert.Equal("700|0|0|700|0|f", await CountersAsync(harness, campaign));
        Assert.Equal(new Dictionary<string, long> { ["sent"] = 700 }, await harness.StatusCountsAsync(campaign));
        Assert.Empty(harness.Fake.DuplicateDeliveries());
        // Aperçu's and Analytique's counters got every recipient once too.
        Assert.Equal("sent=700", await harness.Database.QueryAsOwnerAsync<string>($"""
            select string_agg(status || '=' || emails, ',' order by status) from email_daily_counts
            where client_id = '{harness.ReseauId}' and emails <> 0
            """));
        Assert.Equal("7|700", await harness.Database.QueryAsOwnerAsync<string>($"""
            select count(*) || '|' || sum(emails) from email_organisation_daily_counts where client_id = '{harness.ReseauId}'
            """));
    }

    // total | pending | sending | sent | still to prepare | preparing
    private static Task<string> CountersAsync(PipelineHarness harness, Guid campaign) =>
        harness.Database.QueryAsOwnerAsync<string>($"""
            select concat_ws('|', total_recipients, pending_count, sending_count, sent_count, coalesce(recipients_to_prepare::text, 'null'), preparing)
            from email_campaigns where id = '{campaign}'
            """);

    // Other roles' sessions are visible to the superuser only.
    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, "postgres"));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int?> OpenChunkPidAsync(PipelineHarness harness)
    {
        await using var connection = await OpenAdminAsync();
        await using var command = new NpgsqlCommand("""
            select pid from pg_stat_activity
            where datname = $1 and wait_event_type = 'Lock' and wait_event = 'advisory' and query like '%insert into emails_sent%'
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = harness.Database.Name });
        return await command.ExecuteScalarAsync() as int?;
    }

    // Fails at once, naming the statement, when any session waits for the open chunk.
    private static async Task<T> WithoutWaitingForAsync<T>(PipelineHarness harness, int chunkPid, string who, Task<T> work)
    {
        await WithoutWaitingForAsync(harness, chunkPid, who, (Task)work);
        return await work;
    }

    private static async Task WithoutWaitingForAsync(PipelineHarness harness, int chunkPid, string who, Task work)
    {
        string? waiting = null;
        await Eventually.UntilAsync(
            async () =>
            {
                if (work.IsCompleted)
                {
                    return true;
                }

                await using var connection = await OpenAdminAsync();
                await using var command = new NpgsqlCommand("""
                    select string_agg(left(regexp_replace(query, '\s+', ' ', 'g'), 120), ' | ') from pg_stat_activity
                    where datname = $1 and $2 = any (pg_blocking_pids(pid))
                    """, connection);
                command.Parameters.Add(new NpgsqlParameter { Value = harness.Database.Name });
                command.Parameters.Add(new NpgsqlParameter { Value = chunkPid });
                waiting = await command.ExecuteScalarAsync() as string;
                return waiting is not null;
            },
            $"{who} done", TimeSpan.FromSeconds(30));
        Assert.True(waiting is null, $"{who} waited for the open preparation chunk: {waiting}");
        await work;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
