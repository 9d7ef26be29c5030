using System.Text.Json;
using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Web.Brevo;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Campaigns.Templates;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// The sending pipeline of this process: <see cref="PipelineOptions.Concurrency"/> loops that
/// claim and send batches, one loop that prepares the recipients of started campaigns a chunk at
/// a time and one that counts their audiences (<see cref="CampaignPreparer"/>), a listener that
/// wakes them all when another process announces work (<see cref="PipelineListener"/>), and one scheduler loop that starts scheduled
/// campaigns, resumes campaigns paused by the daily quota once it is reset, finishes campaigns
/// whose batches are all done, clears cancelled ones and announces held-back progress. Every instance of the web app runs one, and extra
/// worker-only processes may run more: they coordinate through PostgreSQL alone.
/// </summary>
/// <remarks>
/// While this process sends, a progress loop also announces held-back progress every
/// <see cref="PipelineOptions.ProgressInterval"/>, on its own timer: the trigger on
/// <c>emails_sent</c> announces at most four times a second per campaign, and what it holds back
/// must reach watching browsers within a second even when no batch finishes and the scheduler's
/// tick is late (issue 6: progress at least once per second).
/// </remarks>
public sealed class CampaignWorker(
    CampaignBatchSender sender,
    CampaignStarter starter,
    CampaignPreparer preparer,
    PipelineWakeUp wakeUp,
    PipelineListener listener,
    PresencaDatabase database,
    IOptions<PipelineOptions> options,
    ILogger<CampaignWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(2);

    // Batches being sent by this process, and a count of batch starts and ends that the progress
    // loop compares between ticks (so it flushes once more after the last batch ended).
    private int _inFlight;
    private int _activity;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        // Off the host's start-up path: the web app serves while the worker warms up.
        await Task.Yield();
        WarmUp();
        var loops = Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => SendLoopAsync(stoppingToken)).ToList();
        loops.Add(listener.ListenAsync(stoppingToken));
        loops.Add(WorkLoopAsync(preparer.PrepareNextChunkAsync, pulse: true, "Campaign recipients could not be prepared", stoppingToken));
        loops.Add(WorkLoopAsync(preparer.CountNextAudienceAsync, pulse: false, "Campaign audience could not be counted", stoppingToken));
        loops.Add(SchedulerLoopAsync(stoppingToken));
        loops.Add(ProgressLoopAsync(stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woken = wakeUp.Next;
                var batch = await sender.ClaimAsync(stoppingToken);
                if (batch is null)
                {
                    await PipelineWakeUp.WaitAsync(woken, options.Value.PollInterval, stoppingToken);
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                Interlocked.Increment(ref _activity);
                try
                {
                    await sender.SendAsync(batch, stoppingToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                    Interlocked.Increment(ref _activity);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever happened, this loop goes on: a loop that died would leave its batch
                // claimed (taken over only when the lease expires) and its process sending less.
                logger.LogError(error, "Campaign batch could not be processed");
                await DelayQuietly(ErrorDelay, stoppingToken);
            }
        }
    }

    // The preparation loop: a chunk that committed wakes this process's send loops (the other
    // processes hear its NOTIFY), so its first batch leaves now, not at their next poll. The count
    // loop: the audience is counted beside the chunks, never before them. Work for either comes
    // from a start or a chunk anywhere (the wake-up, carried by NOTIFY) or, failing that, the poll.
    private async Task WorkLoopAsync(Func<CancellationToken, Task<bool>> step, bool pulse, string failure, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woken = wakeUp.Next;
                if (await step(stoppingToken))
                {
                    if (pulse)
                    {
                        wakeUp.Pulse();
                    }

                    continue;
                }

                await PipelineWakeUp.WaitAsync(woken, options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(error, "{Failure}", failure);
                await DelayQuietly(ErrorDelay, stoppingToken);
            }
        }
    }

    private async Task SchedulerLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
                await Task.Delay(options.Value.SchedulerInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(error, "Campaign scheduler tick failed");
                await DelayQuietly(ErrorDelay, stoppingToken);
            }
        }
    }

    private async Task ProgressLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProgressInterval);
        var seen = Volatile.Read(ref _activity);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var activity = Volatile.Read(ref _activity);
                if (Volatile.Read(ref _inFlight) == 0 && activity == seen)
                {
                    continue;
                }

                seen = activity;
                try
                {
                    await FlushProgressAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(error, "Campaign progress could not be announced");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Announces the progress the trigger held back (NOTIFY campaign_progress, sent at commit).</summary>
    private async Task FlushProgressAsync(CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        await db.ExecuteAsync("select flush_campaign_progress()", cancellationToken);
        await db.CommitAsync(cancellationToken);
    }

    /// <summary>One round of the scheduler's work (public so tests can run it without waiting).</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var due = new List<Guid>();
        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        {
            await using var command = db.Command("select id from email_campaigns where status = 'scheduled' and scheduled_at <= now() order by scheduled_at limit 20");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetGuid(0));
            }
        }

        foreach (var campaignId in due)
        {
            var start = await starter.StartAsync(campaignId, cancellationToken);
            if (!start.Started && start.Refusal is { } refusal)
            {
                await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
                await db.ExecuteAsync("""
                    update email_campaigns set status = 'failed', pause_reason = $2, finished_at = now()
                    where id = $1 and status = 'scheduled'
                    """, cancellationToken, campaignId, "L'envoi programmé n'a pas pu partir : " + refusal);
                await db.CommitAsync(cancellationToken);
            }
        }

        await using (var db = await PipelineTransaction.BeginAsync(database, cancellationToken))
        {
            // Paused by the daily quota: back to sending once the counter was reset (or the limit
            // raised enough for a batch). If it still does not fit, the next batch pauses it again.
            await db.ExecuteAsync("""
                update email_campaigns c set status = 'sending', paused_by_quota = false, pause_reason = null
                from brevo_connexion k
                where c.status = 'paused' and c.paused_by_quota and k.brevo_connexion_id = c.brevo_connexion_id and k.brevo_actif
                  and (k.brevo_limite_quotidienne is null or k.brevo_reset_quota_at is null or k.brevo_reset_quota_at <= now()
                       or coalesce(k.brevo_usage_quotidien, 0) + $1 <= k.brevo_limite_quotidienne)
                """, cancellationToken, Math.Clamp(options.Value.BatchSize, 1, Sending.EmailBatch.MaxVersions));
            await db.ExecuteAsync(CampaignCompletion.CompleteAllSql, cancellationToken);
            await db.ExecuteAsync("select flush_campaign_progress()", cancellationToken);
            await db.CommitAsync(cancellationToken);
        }

        await preparer.ClearCancelledAsync(cancellationToken);
    }

    // A fresh process compiles the rendering and the Brevo request's JSON on its first batch, which
    // then takes a second or more on a loaded machine while no progress moves. Doing it here, on a
    // made-up one-version batch, moves that cost to the start of the process.
    private void WarmUp()
    {
        try
        {
            WarmUpRequest();
            sender.WarmUp();
        }
        catch (Exception error)
        {
            // Only an optimisation: the first batch will compile what it needs.
            logger.LogWarning(error, "Campaign sending warm-up failed");
        }
    }

    private static void WarmUpRequest()
    {
        const string address = "prechauffage@presenca.invalid";
        var rendered = new EmailContent("Bonjour {{organisation}}", "<p>Bonjour {{organisation}}, {{email}}</p>")
            .Render(MergeFieldValues.ForContact(address, "Presenca"));
        var batch = new EmailBatch(Guid.Empty, Guid.Empty, new EmailAddress(address), rendered.Subject, rendered.Html, rendered.Text,
            [new EmailVersion(Guid.Empty, [new EmailAddress(address)], null, rendered.Subject, rendered.Html, rendered.Text)]);
        JsonSerializer.Serialize(Stream.Null, BrevoClient.ToBody(batch), BrevoJson.Options);
        JsonSerializer.Deserialize<BrevoSendEmailAnswer>("{\"messageIds\":[\"<1@presenca.invalid>\"]}", BrevoJson.Options);
    }

    private static async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
