using Presenca.Data.Tenancy;

namespace Presenca.Data.Analytics;

/// <summary>
/// One client's headline figures (view <c>dashboard_analytics</c> of 0008). The overview adds up
/// the rows its caller may read: an agency's own, a director's network, everything for an admin.
/// </summary>
public sealed class DashboardAnalytics : IClientOwned
{
    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    public string ClientNom { get; init; } = "";

    public int TotalContacts { get; init; }

    public int TotalOrganisations { get; init; }

    public int ActiveCampaigns { get; init; }

    /// <summary>Emails sent since midnight in Europe/Paris.</summary>
    public int EmailsSentToday { get; init; }
}
