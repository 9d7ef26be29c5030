using Presenca.Data.Campaigns;

namespace Presenca.Data.Analytics;

/// <summary>One recipient as the charts see it (view <c>email_activity</c> of 0008): its status and its Paris day.</summary>
public sealed class EmailActivity
{
    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    public Guid CampaignId { get; init; }

    public EmailSentStatus Status { get; init; }

    public string? RecipientOrganization { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The calendar day in Europe/Paris on which the recipient was queued.</summary>
    public DateOnly Day { get; init; }
}
