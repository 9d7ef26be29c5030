using Microsoft.Extensions.Options;
using Presenca.Web.Campaigns.Pipeline;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// Applies the event inbox in this process: <see cref="EmailEventOptions.Concurrency"/> loops, each
/// holding at most one pooled connection, that apply chunk after chunk while events are due and
/// otherwise wait for events appended here or for the poll. Every web instance and every worker
/// process runs one; they share the inbox through FOR UPDATE SKIP LOCKED.
/// </summary>
public sealed class EmailEventWorker(
    EmailEventApplier applier,
    EmailEventInbox inbox,
    IOptions<EmailEventOptions> options,
    ILogger<EmailEventWorker> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    private long _nextPurge;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        await Task.Yield();
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(_ => ApplyLoopAsync(stoppingToken)));
    }

    private async Task ApplyLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var woken = inbox.Appended.Next;
                var chunk = await applier.ApplyNextChunkAsync(stoppingToken);
                if (chunk.Claimed >= Math.Max(1, options.Value.ChunkSize))
                {
                    continue;
                }

                await PurgeNowAndThenAsync(stoppingToken);
                await PipelineWakeUp.WaitAsync(woken, options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The chunk rolled back whole: its events are still in the inbox, claimed again next time.
                logger.LogWarning(error, "Delivery events could not be applied; retrying");
                try
                {
                    await Task.Delay(ErrorDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PurgeNowAndThenAsync(CancellationToken stoppingToken)
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextPurge);
        if (now < due || Interlocked.CompareExchange(ref _nextPurge, now + (long)PurgeInterval.TotalMilliseconds, due) != due)
        {
            return;
        }

        await applier.PurgeSetAsideAsync(stoppingToken);
    }
}
