using System.Text.Json;

namespace Presenca.Web.Live;

/// <summary>
/// What a circuit learns from a NOTIFY: which channel, which client owns what moved, and which
/// row; for a campaign, its counters too. <see cref="LiveFeed"/> passes a notification on only for a
/// client the circuit's caller may see, and only then may a component show those counters.
/// </summary>
public sealed record LiveNotification(string Channel, Guid ClientId, Guid? SubjectId)
{
    /// <summary>When this instance heard it (<see cref="System.Diagnostics.Stopwatch"/> ticks), for <see cref="LiveRenderLatency"/>.</summary>
    public long HeardAt { get; init; }

    /// <summary>A campaign's status and counters, when the payload carries them all.</summary>
    public CampaignCounters? Campaign { get; init; }

    /// <summary>The notification of a payload, or null when it names no client (fail closed).</summary>
    public static LiveNotification? Parse(string channel, string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || ReadGuid(root, "client_id") is not { } clientId)
            {
                return null;
            }

            var campaignId = ReadGuid(root, "campaign_id");
            return new LiveNotification(channel, clientId, campaignId ?? ReadGuid(root, "import_id"))
            {
                Campaign = channel == LiveChannels.CampaignProgress && campaignId is not null ? CampaignCounters.Read(root) : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Guid? ReadGuid(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id)
            ? id
            : null;
}
