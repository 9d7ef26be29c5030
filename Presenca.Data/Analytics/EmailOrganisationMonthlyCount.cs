using Presenca.Data.Tenancy;

namespace Presenca.Data.Analytics;

/// <summary>
/// The same counts as <see cref="EmailOrganisationDailyCount"/> for a whole Paris month
/// (<c>email_organisation_monthly_counts</c> of 0010): a long period reads a row per company and month.
/// </summary>
public sealed class EmailOrganisationMonthlyCount : IClientOwned
{
    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; init; }

    public string RecipientOrganization { get; init; } = "";

    public int Emails { get; init; }

    public int Delivered { get; init; }
}
