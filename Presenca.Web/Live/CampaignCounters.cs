using System.Text.Json;
using Presenca.Data.Campaigns;
using Presenca.Data.Modeling;

namespace Presenca.Web.Live;

/// <summary>
/// A campaign's status and counters as its campaign_progress NOTIFY carries them. A circuit shows
/// them only after <see cref="LiveFeed"/> has checked, through PostgreSQL, that the campaign's client
/// is one its caller may see; so a moving campaign costs a circuit no query at all.
/// </summary>
public sealed record CampaignCounters(
    EmailCampaignStatus Status,
    int Total,
    int Pending,
    int Sending,
    int Sent,
    int Delivered,
    int Failed,
    int Bounced,
    int Opened,
    int Clicked,
    int? ToPrepare,
    bool Preparing)
{
    /// <summary>The counters of a payload, or null unless it carries every one of them.</summary>
    public static CampaignCounters? Read(JsonElement payload)
    {
        if (!payload.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String
            || !SnakeCaseEnumConverter<EmailCampaignStatus>.TryFromText(status.GetString(), out var campaignStatus)
            || !payload.TryGetProperty("preparing", out var preparing) || preparing.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }

        int? Count(string name) =>
            payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
                ? count
                : null;

        // Null while the audience is still being counted (0020).
        if (!payload.TryGetProperty("to_prepare", out var toPrepare) || (toPrepare.ValueKind != JsonValueKind.Null && Count("to_prepare") is null))
        {
            return null;
        }

        return (Count("total"), Count("pending"), Count("sending"), Count("sent"), Count("delivered"), Count("failed"),
                Count("bounced"), Count("opened"), Count("clicked")) switch
        {
            ({ } total, { } pending, { } sending, { } sent, { } delivered, { } failed, { } bounced, { } opened, { } clicked) =>
                new CampaignCounters(campaignStatus, total, pending, sending, sent, delivered, failed, bounced, opened, clicked, Count("to_prepare"), preparing.GetBoolean()),
            _ => null,
        };
    }
}
