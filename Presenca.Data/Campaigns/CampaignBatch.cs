using Presenca.Data.Tenancy;

namespace Presenca.Data.Campaigns;

/// <summary>
/// One call's worth of a campaign's recipients (<c>email_batches</c>), fixed when sending starts.
/// Workers claim and lease batches, not recipients: a batch claimed again after a crash has the
/// same id, so the same idempotency key, and Brevo does not deliver it twice.
/// </summary>
public sealed class CampaignBatch : IClientOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    public Guid CampaignId { get; set; }

    public int BatchNo { get; set; }

    public EmailBatchStatus Status { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public Guid? ClaimToken { get; set; }

    public DateTimeOffset? NotBefore { get; set; }

    public int Attempts { get; set; }

    public bool QuotaCharged { get; set; }

    public string? LastError { get; set; }
}
