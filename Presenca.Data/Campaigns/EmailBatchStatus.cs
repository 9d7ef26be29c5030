namespace Presenca.Data.Campaigns;

public enum EmailBatchStatus
{
    /// <summary>Waiting for a worker (possibly not before <see cref="CampaignBatch.NotBefore"/>).</summary>
    Pending,

    /// <summary>Leased by a worker until <see cref="CampaignBatch.LeaseUntil"/>; claimable again after.</summary>
    Claimed,

    /// <summary>Brevo answered for good (accepted or refused the recipients).</summary>
    Done,
}
