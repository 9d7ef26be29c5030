using Microsoft.Extensions.Options;
using Presenca.Data;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// The sending pipeline of this process: <see cref="PipelineOptions.Concurrency"/> loops that
/// claim and send batches, and one scheduler loop that starts scheduled campaigns, resumes
/// campaigns paused by the daily quota once it is reset, finishes campaigns whose batches are all
/// done and announces held-back progress. Every instance of the web app runs one, and extra
/// worker-only processes may run more: they coordinate through PostgreSQL alone.
/// </summary>
public sealed class CampaignWorker(
    CampaignBatchSender sender,
    CampaignStarter starter,
    PresencaDatabase database,
    IOptions<PipelineOptions> options,
    ILogger<CampaignWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var loops = Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => SendLoopAsync(stoppingToken)).ToList();
        loops.Add(SchedulerLoopAsync(stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await sender.ClaimAsync(stoppingToken);
                if (batch is null)
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                    continue;
                }

                await sender.SendAsync(batch, stoppingToken);
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
