using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using Presenca.Data;

namespace Presenca.Web.Live;

/// <summary>
/// LISTENs on Presenca's channels and forwards every NOTIFY to the SignalR clients of this
/// instance. Every instance runs one, so a NOTIFY from any instance (or from SQL) reaches every
/// browser, whichever instance it is connected to. Reconnects after a database outage.
/// </summary>
public sealed class NotificationRelay(
    PresencaDatabase database,
    IHubContext<LiveHub> hub,
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
        connection.Notification += (_, notification) => _ = ForwardAsync(notification.Channel, notification.Payload);
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

    private async Task ForwardAsync(string channel, string payload)
    {
        try
        {
            var clients = Audience(payload) is { } organisationId
                ? hub.Clients.Groups(LiveHub.OrganisationGroup(organisationId), LiveHub.AdminsGroup)
                : hub.Clients.All;
            await clients.SendAsync(LiveHub.NotificationMethod, channel, payload);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // One undeliverable message must not stop the relay.
            logger.LogWarning(error, "Could not relay a notification on {Channel}", channel);
        }
    }

    private static Guid? Audience(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("organisation_id", out var value)
                && Guid.TryParse(value.GetString(), out var organisationId)
                    ? organisationId
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
