using Npgsql;
using Presenca.Data;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// Carries <see cref="PipelineWakeUp"/> across processes: a start or a committed chunk announces
/// work with NOTIFY on <see cref="Channel"/> (sent at its commit), and every process running the
/// pipeline LISTENs on its own connection and wakes its loops, so a worker process claims the
/// first batch at once rather than at its next poll. The poll stays as the fallback: a
/// notification missed while the connection was down costs at most one poll interval.
/// </summary>
public sealed class PipelineListener(PresencaDatabase database, PipelineWakeUp wakeUp, ILogger<PipelineListener> logger)
{
    public const string Channel = "campaign_work";

    /// <summary>Run inside the transaction whose commit makes the work visible.</summary>
    public const string AnnounceSql = "select pg_notify('" + Channel + "', '')";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    public async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => wakeUp.Pulse();
                await using (var listen = new NpgsqlCommand("listen " + Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Work announced while this process was not listening is found by looking once now.
                wakeUp.Pulse();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException or IOException)
            {
                logger.LogWarning("Campaign pipeline lost its listening connection ({Reason}); polling until it is back", error.Message);
                try
                {
                    await Task.Delay(ReconnectDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
