using Presenca.Data.Tenancy;

namespace Presenca.Data.Campaigns;

/// <summary>
/// A campaign (seed 004 <c>email_campaigns</c>). Its counters are written by a trigger on
/// <c>emails_sent</c>, never by the application: read them, do not set them.
/// </summary>
public sealed class EmailCampaign : AuditedEntity, IClientOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    public Guid? UserId { get; set; }

    public Guid? TemplateId { get; set; }

    public Guid? DuplicatedFrom { get; set; }

    public required string Name { get; set; }

    public required string Subject { get; set; }

    public required string Content { get; set; }

    public EmailCampaignStatus Status { get; set; } = EmailCampaignStatus.Draft;

    public AudienceKind AudienceKind { get; set; } = AudienceKind.Tous;

    public Guid[]? AudienceOrganizationIds { get; set; }

    public string? AudienceSearch { get; set; }

    public string? SenderEmail { get; set; }

    public string? SenderName { get; set; }

    /// <summary>The Brevo connexion resolved when sending started; null: the sandbox.</summary>
    public Guid? BrevoConnexionId { get; set; }

    public DateTimeOffset? ScheduledAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why the campaign is paused, in French for its users.</summary>
    public string? PauseReason { get; set; }

    /// <summary>Paused because the daily quota ran out: resumes by itself after the reset.</summary>
    public bool PausedByQuota { get; set; }

    public int TotalRecipients { get; private set; }

    public int PendingCount { get; private set; }

    public int SendingCount { get; private set; }

    public int SentCount { get; private set; }

    public int DeliveredCount { get; private set; }

    public int FailedCount { get; private set; }

    public int BouncedCount { get; private set; }

    public int OpenedCount { get; private set; }

    public int ClickedCount { get; private set; }

    public int UnsubscribedCount { get; private set; }

    public DateTimeOffset? CountersAt { get; private set; }

    public DateTimeOffset? NotifiedAt { get; private set; }

    /// <summary>Contacts created after this moment are not in the audience (set when sending starts).</summary>
    public DateTimeOffset? AudienceCutoff { get; private set; }

    /// <summary>The last contact id whose recipient is prepared (chunks go in id order).</summary>
    public Guid? PreparedThrough { get; private set; }

    /// <summary>
    /// Recipients still to write into <c>emails_sent</c> while <see cref="Preparing"/>; null until a
    /// worker has counted the audience (the start does not count it, so that it answers at once).
    /// </summary>
    public int? RecipientsToPrepare { get; private set; }

    /// <summary>Contacts the chunks have taken so far (brings a count taken while they commit up to date).</summary>
    public int RecipientsPrepared { get; private set; }

    /// <summary>Chunks of the audience remain to prepare: the campaign cannot finish yet.</summary>
    public bool Preparing { get; private set; }

    /// <summary>A sent, failed or cancelled campaign is history: it can be duplicated, not edited.</summary>
    public bool IsEditable => Status is EmailCampaignStatus.Draft or EmailCampaignStatus.Scheduled;
}
