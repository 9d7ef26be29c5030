using Presenca.Data.Campaigns;
using Presenca.Data.Tenancy;

namespace Presenca.Data.Analytics;

/// <summary>
/// One campaign's figures (view <c>campaign_analytics</c> of 0008, read as the caller). Rates are
/// percentages of the emails that left the queue (neither pending nor sending); null before any left.
/// </summary>
public sealed class CampaignAnalytics : IClientOwned
{
    public Guid CampaignId { get; init; }

    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    public string ClientNom { get; init; } = "";

    public string CampaignName { get; init; } = "";

    public string Subject { get; init; } = "";

    public EmailCampaignStatus CampaignStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int TotalEmails { get; init; }

    public int PendingCount { get; init; }

    public int SendingCount { get; init; }

    public int SentCount { get; init; }

    public int DeliveredCount { get; init; }

    public int FailedCount { get; init; }

    public int BouncedCount { get; init; }

    public int OpenedCount { get; init; }

    public int ClickedCount { get; init; }

    public decimal? SuccessRate { get; init; }

    public decimal? DeliveryRate { get; init; }

    public int UnsubscribedCount { get; init; }

    public decimal? UnsubscribeRate { get; init; }
}
