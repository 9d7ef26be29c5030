
namespace Presenca.Web.Contacts;

/// <summary>
/// Runs accepted imports one after the other, outside any request: closing the browser does not
/// stop them. Imports left pending by a process that died are marked failed by
/// <see cref="ContactImportWatchdog"/>, so nobody waits for them forever.
/// </summary>
public sealed class ContactImportWorker(
    ContactImportQueue queue,
    ContactImporter importer,
    ILogger<ContactImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                queue.Release(job.ImportId);
                TryDelete(job.FilePath);
            }
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
