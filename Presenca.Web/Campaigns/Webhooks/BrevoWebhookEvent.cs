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

    /// <summary>
    /// Reads a call's body: one event (a plain webhook) or an array of up to 500 (a webhook
    /// registered with <c>batched: true</c>, which Brevo recommends for volume). Each refused
    /// element is reported with its position; the endpoint applies the good ones (events are
    /// idempotent) and answers 400 if any was refused, so Brevo's log shows the problem.
    /// </summary>
    public static BrevoWebhookBatch ParseAll(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            return Parse(body, out var refusal) is { } single
                ? new BrevoWebhookBatch([single], [])
                : new BrevoWebhookBatch([], [refusal!]);
        }

        var events = new List<BrevoWebhookEvent>();
        var refusals = new List<string>();
        var position = 0;
        foreach (var element in body.EnumerateArray())
        {
            position++;
            if (Parse(element, out var refusal) is { } parsed)
            {
                events.Add(parsed);
            }
            else
            {
                refusals.Add(string.Create(CultureInfo.InvariantCulture, $"Événement n° {position} : {refusal}"));
            }
        }

        return new BrevoWebhookBatch(events, refusals);
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

/// <summary>The events of one webhook call, and why any element was refused.</summary>
public sealed record BrevoWebhookBatch(IReadOnlyList<BrevoWebhookEvent> Events, IReadOnlyList<string> Refusals);
