namespace Presenca.Data.Campaigns;

/// <summary>Seed 004's campaign statuses plus paused and cancelled (stored as snake_case text).</summary>
public enum EmailCampaignStatus
{
    Draft,
    Scheduled,
    Sending,
    Sent,
    Failed,
    Paused,
    Cancelled,
}
