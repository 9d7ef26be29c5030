using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;
using Presenca.Web.Live;

namespace Presenca.Web.Contacts;

/// <summary>
/// Keeps the heartbeat of the imports this process holds (queued or running) and marks failed,
/// with a French reason, the imports whose process died: their heartbeat stopped. Their own
/// transaction died with the process, so nothing of them was written; and an import declared
/// dead while still running finds out at its next progress report, or at its final update, and
/// rolls back.
/// </summary>
public sealed class ContactImportWatchdog(
    ContactImportQueue queue,
    PresencaDatabase database,
    IOptions<ContactImportOptions> options,
    ILogger<ContactImportWatchdog> logger) : BackgroundService
{
    private static readonly Guid WorkerId = Guid.Parse("00000000-0000-0000-0000-0000000c0417");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        do
        {
            await BeatAndSweepAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task BeatAndSweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var held = queue.Held();
            await using var db = database.CreateContext(Caller.System(WorkerId));
            if (held.Length > 0)
            {
                await db.Database.ExecuteSqlAsync($"""
                    update contact_imports set heartbeat_at = clock_timestamp()
                    where id = any ({held}) and status in ('en_attente', 'en_cours')
                    """, cancellationToken);
            }

            var staleAfter = options.Value.StaleAfter.TotalSeconds;
            // Each import marked failed is announced, so that a page watching it stops showing it running.
            var failed = await db.Database.ExecuteSqlAsync($"""
                with failed as (
                  update contact_imports set status = 'echouee', error_message = {ContactImportLabels.Interrupted}, finished_at = clock_timestamp(), progress_percent = 0
                  where status in ('en_attente', 'en_cours') and heartbeat_at < clock_timestamp() - make_interval(secs => {staleAfter})
                    and id <> all ({held})
                  returning id, organisation_id, client_id, processed_rows)
                select pg_notify({LiveChannels.ContactImportProgress}, json_build_object(
                  'organisation_id', organisation_id, 'client_id', client_id, 'import_id', id, 'status', 'echouee',
                  'processed_rows', processed_rows, 'progress_percent', 0)::text)
                from failed
                """, cancellationToken);
            if (failed > 0)
            {
                logger.LogWarning("Marked {Count} contact imports failed: their process stopped answering", failed);
            }
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning("Could not keep the contact imports' heartbeat ({Reason})", error.Message);
        }
    }
}
