using System.Diagnostics;
using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Connexions;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// The pipeline's own SQL floor (issue 12 §5): a campaign sent by the pipeline's statements alone,
/// in this process, with as many "workers" (one pool each) and send loops as the end-to-end run:
/// the real <see cref="CampaignPreparer"/> (chunks and count) and, per batch, the transactions of
/// <see cref="CampaignBatchSender"/> over <see cref="BatchStatements"/> (claim; campaign and
/// recipients read; recheck, quota and "sending"; "sent" with made-up message ids, batch done,
/// completion). No HTTP, no rendering, no unsubscribe links, no rate limiter.
/// </summary>
public static class SqlFloor
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>The workers' CallsPerMinute in the benchmark.</summary>
    public const int RateLimitLifted = 1_000_000;

    /// <summary>From the start to "sent".</summary>
    public static async Task<TimeSpan> RunAsync(CampaignStarter starter, IReadOnlyList<PresencaDatabase> workers, int sendLoops, int batchSize, Guid campaign)
    {
        var options = Options.Create(new PipelineOptions { BatchSize = batchSize });
        var clock = Stopwatch.StartNew();
        var start = await starter.StartAsync(campaign, CancellationToken.None);
        if (!start.Started)
        {
            throw new InvalidOperationException($"The floor's campaign did not start: {start.Refusal}");
        }

        using var finished = new CancellationTokenSource();
        var loops = new List<Task>();
        foreach (var database in workers)
        {
            var preparer = new CampaignPreparer(database, options);
            var limiter = new SendRateLimiter(database.DataSource, TimeProvider.System);
            loops.Add(UntilFinishedAsync(preparer.PrepareNextChunkAsync, finished.Token));
            loops.Add(UntilFinishedAsync(preparer.CountNextAudienceAsync, finished.Token));
            for (var i = 0; i < sendLoops; i++)
            {
                loops.Add(UntilFinishedAsync(ct => SendOneAsync(database, limiter, ct), finished.Token));
            }
        }

        while (await StatusAsync(workers[0], campaign) != "sent")
        {
            await Task.Delay(20);
            if (clock.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException("The SQL floor's campaign did not finish within 15 minutes.");
            }
        }

        var elapsed = clock.Elapsed;
        await finished.CancelAsync();
        await Task.WhenAll(loops);
        return elapsed;
    }

    // Like the workers' loops, minus the wake-up: a step that found nothing looks again shortly.
    private static async Task UntilFinishedAsync(Func<CancellationToken, Task<bool>> step, CancellationToken finished)
    {
        while (!finished.IsCancellationRequested)
        {
            if (!await step(CancellationToken.None))
            {
                try
                {
                    await Task.Delay(5, finished);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static async Task<bool> SendOneAsync(PresencaDatabase database, SendRateLimiter limiter, CancellationToken cancellationToken)
    {
        Guid batchId, campaignId, token;
        bool charged;
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        {
            await using (var claim = db.Command(BatchStatements.Claim, Lease))
            await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return false;
                }

                (batchId, campaignId, token, charged) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetBoolean(4));
            }

            await db.CommitAsync(cancellationToken);
        }

        Guid? connexionId;
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        await using (var read = db.Command(BatchStatements.ReadCampaign, campaignId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            connexionId = reader.IsDBNull(6) ? null : reader.GetGuid(6);
        }

        var recipients = new List<Guid>();
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        await using (var read = db.Command(BatchStatements.Recipients, batchId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recipients.Add(reader.GetGuid(0));
            }
        }

        // The slot is reserved as the workers do (the benchmark lifts the limit: nothing to wait for).
        await limiter.ReserveAsync($"brevo:{connexionId:D}", RateLimitLifted, cancellationToken);
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        {
            await db.ExecuteAsync(BatchStatements.Recheck, cancellationToken, batchId, token, Lease);
            if (connexionId is { } connexion && !charged)
            {
                await using (var consume = db.Command(BatchStatements.ConsumeQuota, ConnexionSets.Prefix(Integration.Brevo), connexion, recipients.Count))
                {
                    await consume.ExecuteScalarAsync(cancellationToken);
                }

                await db.ExecuteAsync(BatchStatements.MarkCharged, cancellationToken, batchId);
            }

            await db.ExecuteAsync(BatchStatements.MarkSending, cancellationToken, batchId);
            await db.CommitAsync(cancellationToken);
        }

        var messageIds = recipients.Select(id => $"<{id:N}@floor.bench>").ToArray();
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        {
            await db.ExecuteAsync(BatchStatements.RecordSent, cancellationToken, recipients.ToArray(), messageIds);
            await db.ExecuteAsync(BatchStatements.FinishBatch, cancellationToken, batchId);
            await db.ExecuteAsync(CampaignCompletion.CompleteOneSql, cancellationToken, campaignId);
            await db.CommitAsync(cancellationToken);
        }

        return true;
    }

    private static async Task<string> StatusAsync(PresencaDatabase database, Guid campaign)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, CancellationToken.None);
        await using var command = db.Command("select status from email_campaigns where id = $1", campaign);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
