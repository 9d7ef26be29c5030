namespace Presenca.Web.Live;

/// <summary>
/// The PostgreSQL NOTIFY channels relayed to circuits. A payload is JSON with ids and counters
/// only, and names the <c>client_id</c> that owns what moved; one without it reaches nobody.
/// </summary>
public static class LiveChannels
{
    /// <summary>A contact import moved: {organisation_id, client_id, import_id, status, processed_rows, progress_percent}.</summary>
    public const string ContactImportProgress = "contact_import_progress";

    /// <summary>
    /// A campaign's counters or status moved: {organisation_id, client_id, campaign_id, status, total, pending,
    /// sending, sent, delivered, failed, bounced, opened, clicked, to_prepare, preparing} (at most ~4 per second per campaign).
    /// </summary>
    public const string CampaignProgress = "campaign_progress";

    public static readonly IReadOnlyList<string> All = [ContactImportProgress, CampaignProgress];
}
