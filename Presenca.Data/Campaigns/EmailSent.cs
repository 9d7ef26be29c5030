using Presenca.Data.Tenancy;

namespace Presenca.Data.Campaigns;

/// <summary>One recipient of one campaign (seed 004 <c>emails_sent</c>), materialised when sending starts.</summary>
public sealed class EmailSent : IClientOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    public Guid CampaignId { get; set; }

    public Guid? ContactId { get; set; }

    public required string RecipientEmail { get; set; }

    public string? RecipientOrganization { get; set; }

    public EmailSentStatus Status { get; set; }

    public Guid? UserId { get; set; }

    public Guid? BatchId { get; set; }

    public string? BrevoMessageId { get; set; }

    public string? FailureReason { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? OpenedAt { get; set; }

    public DateTimeOffset? ClickedAt { get; set; }

    public DateTimeOffset? BouncedAt { get; set; }

    /// <summary>The recipient unsubscribed from this email (its link, one-click, or Brevo's event).</summary>
    public DateTimeOffset? UnsubscribedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
