using Microsoft.Extensions.Options;

namespace Presenca.Web.Contacts;

/// <summary>
/// Runs accepted imports one after the other, outside any request: closing the browser does not
/// stop them. Imports left pending by a process that died are marked failed by
/// <see cref="ContactImportWatchdog"/>, so nobody waits for them forever.
/// </summary>
public sealed class ContactImportWorker(
    ContactImportQueue queue,
    ContactImporter importer,
    IOptions<ContactImportOptions> options,
    ILogger<ContactImportWorker> logger) : BackgroundService
{
    /// <summary>Ends when the start-up warm-up is over: true when it ran through, false when it failed or was off.</summary>
    public Task<bool> WarmedUp => _warmedUp.Task;

    private readonly TaskCompletionSource<bool> _warmedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start: the warm-up below writes and reads a file synchronously.
        await Task.Yield();
        await WarmUpAsync(stoppingToken);
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

    // Before the first job: an upload arriving meanwhile waits in the queue a fraction of a
    // second, instead of running its first rows through code not compiled yet.
    private async Task WarmUpAsync(CancellationToken stoppingToken)
    {
        var ran = false;
        try
        {
            if (options.Value.WarmUpRows > 0)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await importer.WarmUpAsync(options.Value.WarmUpRows, stoppingToken);
                ran = true;
                logger.LogInformation("Contact import warm-up: {Rows} rows read and staged in {Elapsed} ms", options.Value.WarmUpRows, clock.ElapsedMilliseconds);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Only the first import's speed depends on it.
            logger.LogWarning(error, "Contact import warm-up failed");
        }
        finally
        {
            _warmedUp.TrySetResult(ran);
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
