using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Contacts;

/// <summary>
/// Runs accepted imports one after the other, outside any request: closing the browser does not
/// stop them. At start-up, imports left pending by a previous run of the server (their file is
/// gone with it) are marked failed, so nobody waits for them forever.
/// </summary>
public sealed class ContactImportWorker(
    ContactImportQueue queue,
    ContactImporter importer,
    PresencaDatabase database,
    ILogger<ContactImportWorker> logger) : BackgroundService
{
    private static readonly Guid WorkerId = Guid.Parse("00000000-0000-0000-0000-0000000c0417");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await FailAbandonedImportsAsync(stoppingToken);
        await foreach (var job in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await importer.RunAsync(job, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Contact import {ImportId} could not be recorded", job.ImportId);
            }
            finally
            {
                TryDelete(job.FilePath);
            }
        }
    }

    private async Task FailAbandonedImportsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = database.CreateContext(Caller.System(WorkerId));
            await db.Database.ExecuteSqlAsync($"""
                update contact_imports set status = 'echouee', error_message = {ContactImportLabels.Interrupted}, finished_at = clock_timestamp()
                where status in ('en_attente', 'en_cours') and updated_at < now() - interval '10 minutes'
                """, cancellationToken);
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning("Could not mark abandoned contact imports ({Reason})", error.Message);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException error)
        {
            logger.LogWarning("Could not delete the upload {Path} ({Reason})", path, error.Message);
        }
    }
}
