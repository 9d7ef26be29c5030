using Presenca.Data.Campaigns;
using Presenca.Data.Tenancy;

namespace Presenca.Data.Analytics;

/// <summary>
/// How many of a client's recipients queued on one Paris day are in one status
/// (<c>email_daily_counts</c> of 0008, kept by triggers on <c>emails_sent</c>; read only).
/// </summary>
public sealed class EmailDailyCount : IClientOwned
{
    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    public DateOnly Day { get; init; }

    public EmailSentStatus Status { get; init; }

    public int Emails { get; init; }
}
