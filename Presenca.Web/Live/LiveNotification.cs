using System.Text.Json;

namespace Presenca.Web.Live;

/// <summary>
/// What a circuit learns from a NOTIFY: which channel, which client owns what moved, and which
/// row. Never the counters themselves: a circuit re-reads the row through its own caller.
/// </summary>
public sealed record LiveNotification(string Channel, Guid ClientId, Guid? SubjectId)
{
    /// <summary>When this instance heard it (<see cref="System.Diagnostics.Stopwatch"/> ticks), for <see cref="LiveRenderLatency"/>.</summary>
    public long HeardAt { get; init; }

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

            return new LiveNotification(channel, clientId, ReadGuid(root, "campaign_id") ?? ReadGuid(root, "import_id"));
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
