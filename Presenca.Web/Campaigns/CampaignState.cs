using System.Text.Json.Serialization;
using Presenca.Data.Campaigns;
using Presenca.Web.Live;

namespace Presenca.Web.Campaigns;

/// <summary>
/// Everything a page shows about one campaign, read from its row through the caller's own context.
/// The list card, the table row, the detail header, its badge, its buttons, the ETA and the
/// "Campagne terminée" figures all derive from this one value, so they change together and can
/// never contradict each other. Serialisable: prerendering hands it to the circuit as is.
/// </summary>
public sealed record CampaignState(
    Guid Id,
    Guid ClientId,
    string Name,
    string Subject,
    EmailCampaignStatus Status,
    AudienceKind AudienceKind,
    string? AudienceSearch,
    string? SenderEmail,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? PauseReason,
    DateTimeOffset CreatedAt,
    int Total,
    int Pending,
    int Sending,
    int Sent,
    int Delivered,
    int Failed,
    int Bounced,
    int Opened,
    int Clicked,
    bool PreparingRecipients = false,
    int? ToPrepare = 0)
{
    public static CampaignState Of(EmailCampaign c) => new(
        c.Id, c.ClientId, c.Name, c.Subject, c.Status, c.AudienceKind, c.AudienceSearch, c.SenderEmail,
        c.ScheduledAt, c.StartedAt, c.FinishedAt, c.PauseReason, c.CreatedAt,
        c.TotalRecipients, c.PendingCount, c.SendingCount, c.SentCount, c.DeliveredCount,
        c.FailedCount, c.BouncedCount, c.OpenedCount, c.ClickedCount, c.Preparing, c.RecipientsToPrepare);

    /// <summary>
    /// This campaign with the counters of a notification about it, or null when its status moved:
    /// its dates and reason moved with it, so the row must be read again.
    /// </summary>
    public CampaignState? With(CampaignCounters counters) => counters.Status != Status ? null : this with
    {
        Total = counters.Total,
        Pending = counters.Pending,
        Sending = counters.Sending,
        Sent = counters.Sent,
        Delivered = counters.Delivered,
        Failed = counters.Failed,
        Bounced = counters.Bounced,
        Opened = counters.Opened,
        Clicked = counters.Clicked,
        PreparingRecipients = counters.Preparing,
        ToPrepare = counters.ToPrepare,
    };

    [JsonIgnore]
    public string Label => CampaignLabels.Of(Status);

    [JsonIgnore]
    public MudBlazor.Color Color => CampaignLabels.Color(Status);

    /// <summary>Draft or scheduled: its content and audience may still change.</summary>
    [JsonIgnore]
    public bool IsEditable => Status is EmailCampaignStatus.Draft or EmailCampaignStatus.Scheduled;

    /// <summary>Recipients are being handed to Brevo (or would be, but for a pause).</summary>
    [JsonIgnore]
    public bool IsInFlight => Status is EmailCampaignStatus.Sending or EmailCampaignStatus.Paused;

    /// <summary>Sent, failed or cancelled: history, with its final figures.</summary>
    [JsonIgnore]
    public bool IsFinished => !IsEditable && !IsInFlight;

    [JsonIgnore]
    public bool HasStarted => StartedAt is not null;

    /// <summary>The recipients it goes to: those prepared so far plus those still to prepare.</summary>
    [JsonIgnore]
    public int ExpectedTotal => Total + (PreparingRecipients ? ToPrepare ?? 0 : 0);

    /// <summary>Its audience is known: a worker counts it just after the start, beside the first chunks.</summary>
    [JsonIgnore]
    public bool AudienceCounted => !PreparingRecipients || ToPrepare is not null;

    /// <summary>"Envoyer maintenant" handed a large audience to the scheduler (or a schedule just came due).</summary>
    public bool IsPreparing(DateTimeOffset now) => Status == EmailCampaignStatus.Scheduled && ScheduledAt is { } due && due <= now;

    [JsonIgnore]
    public bool CanPause => Status == EmailCampaignStatus.Sending;

    [JsonIgnore]
    public bool CanResume => Status == EmailCampaignStatus.Paused;

    [JsonIgnore]
    public bool CanCancel => IsEditable || IsInFlight;

    [JsonIgnore]
    public bool CanDuplicate => IsFinished;

    /// <summary>Why it stopped, when that is worth saying.</summary>
    [JsonIgnore]
    public string? Reason => Status is EmailCampaignStatus.Paused or EmailCampaignStatus.Failed or EmailCampaignStatus.Cancelled ? PauseReason : null;

    /// <summary>The bar, rate and ETA while it is in flight; null otherwise, so no stale ETA can remain.</summary>
    public CampaignProgress? Progress(DateTimeOffset now) => IsInFlight ? CampaignProgress.Of(this, now) : null;

    /// <summary>A share of the recipients, "(42,5 %)", for the final figures.</summary>
    public string Rate(int count) =>
        Total > 0 ? $"({(100.0 * count / Total).ToString("0.#", CampaignLabels.French)} %)" : "";
}
