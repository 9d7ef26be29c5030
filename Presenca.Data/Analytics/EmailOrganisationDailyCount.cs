using Presenca.Data.Tenancy;

namespace Presenca.Data.Analytics;

/// <summary>
/// How many of a client's recipients at one company were queued on one Paris day, and how many of
/// them were delivered (<c>email_organisation_daily_counts</c> of 0010, kept by triggers on
/// <c>emails_sent</c>; read only).
/// </summary>
public sealed class EmailOrganisationDailyCount : IClientOwned
{
    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    public DateOnly Day { get; init; }

    public string RecipientOrganization { get; init; } = "";

    public int Emails { get; init; }

    public int Delivered { get; init; }
}
