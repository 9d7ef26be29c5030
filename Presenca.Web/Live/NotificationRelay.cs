using System.Diagnostics;
using Npgsql;
using Presenca.Data;

namespace Presenca.Web.Live;

/// <summary>
/// LISTENs on Presenca's channels and hands every NOTIFY to the circuits of this instance
/// (<see cref="LiveEvents"/>). Every instance runs one, so a NOTIFY from any instance (or from SQL)
/// reaches every circuit, whichever instance it lives on. Reconnects after a database outage.
/// </summary>
public sealed class NotificationRelay(
    PresencaDatabase database,
    LiveEvents events,
    ILogger<NotificationRelay> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                logger.LogWarning("Live relay lost its database connection ({Reason}); retrying", error.Message);
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, notification) => Forward(notification.Channel, notification.Payload);
        foreach (var channel in LiveChannels.All)
        {
            await using var listen = new NpgsqlCommand($"listen {channel}", connection);
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        logger.LogInformation("Live relay listening on {Channels}", string.Join(", ", LiveChannels.All));
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void Forward(string channel, string payload)
    {
        if (LiveNotification.Parse(channel, payload) is { } notification)
        {
            events.Publish(notification with { HeardAt = Stopwatch.GetTimestamp() });
        }
        else
        {
            logger.LogWarning("Dropped a notification on {Channel} that names no client", channel);
        }
    }
}
