namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>A batch this worker holds under a lease; <see cref="ClaimToken"/> proves it still does.</summary>
public sealed record ClaimedBatch(Guid BatchId, Guid CampaignId, Guid ClaimToken, int Attempts, bool QuotaCharged);
