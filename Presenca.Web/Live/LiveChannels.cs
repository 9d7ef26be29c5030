namespace Presenca.Web.Live;

/// <summary>
/// The PostgreSQL NOTIFY channels relayed to browsers. A payload is JSON; when it carries an
/// <c>organisation_id</c>, only that organisation's users (and Presenca admins) receive it.
/// </summary>
public static class LiveChannels
{
    /// <summary>Announcements to everyone connected (and the channel the walking skeleton proves).</summary>
    public const string Announcements = "presenca_live";

    /// <summary>A contact import moved: {organisation_id, import_id, status, processed_rows, progress_percent}.</summary>
    public const string ContactImportProgress = "contact_import_progress";

    /// <summary>
    /// A campaign's counters or status moved: {organisation_id, campaign_id, status, total, pending,
    /// sending, sent, delivered, failed, bounced, opened, clicked} (at most ~4 per second per campaign).
    /// </summary>
    public const string CampaignProgress = "campaign_progress";

    public static readonly IReadOnlyList<string> All = [Announcements, ContactImportProgress, CampaignProgress];
}
