using System.Globalization;
using System.Text.Json;
using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// One transactional webhook event from Brevo, typed. Real webhooks and the sandbox transport
/// both produce these by parsing a Brevo-shaped JSON payload with <see cref="Parse"/>, so the
/// sandbox exercises the very code that real events go through.
/// </summary>
/// <param name="OccurredAt">From <c>ts_event</c> (UTC seconds), refined by <c>ts_epoch</c> (ms) when present.</param>
/// <param name="Custom">Presenca's ids from <c>X-Mailin-custom</c>, when the email was sent by Presenca.</param>
public sealed record BrevoWebhookEvent(
    BrevoEventKind Kind,
    string Email,
    string MessageId,
    DateTimeOffset OccurredAt,
    MailinCustom? Custom,
    string? Subject,
    string? Reason,
    string? Link,
    IReadOnlyList<string> Tags,
    long? WebhookId)
{
    /// <summary>
    /// Reads a payload; on refusal returns null and a French reason (the endpoint answers 400
    /// with it, so Brevo's webhook log shows why).
    /// </summary>
    public static BrevoWebhookEvent? Parse(JsonElement payload, out string? refusal)
    {
        refusal = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            refusal = "Le corps doit être un objet JSON.";
            return null;
        }

        var name = String(payload, "event");
        var email = String(payload, "email");
        var messageId = String(payload, "message-id");
        var tsEvent = Number(payload, "ts_event");
        var missing = new[] { ("event", name is null), ("email", email is null), ("message-id", messageId is null), ("ts_event", tsEvent is null) }
            .Where(f => f.Item2)
            .Select(f => f.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            refusal = $"Champs manquants : {string.Join(", ", missing)}.";
            return null;
        }

        if (!BrevoEventNames.TryParse(name!, out var kind))
        {
            refusal = $"Événement inconnu : « {name} ».";
            return null;
        }

        var occurredAt = Number(payload, "ts_epoch") is { } epochMs
            ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs)
            : DateTimeOffset.FromUnixTimeSeconds(tsEvent!.Value);

        var tags = payload.TryGetProperty("tags", out var tagsElement) && tagsElement.ValueKind == JsonValueKind.Array
            ? tagsElement.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList()
            : [];

        return new BrevoWebhookEvent(
            kind,
            email!.Trim(),
            messageId!,
            occurredAt,
            MailinCustom.TryParse(String(payload, "X-Mailin-custom")),
            String(payload, "subject"),
            String(payload, "reason"),
            String(payload, "link"),
            tags,
            Number(payload, "id"));
    }

    private static string? String(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    // Brevo sends numbers, but a proxy or a hand-written test may send them as strings.
    private static long? Number(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }
}
