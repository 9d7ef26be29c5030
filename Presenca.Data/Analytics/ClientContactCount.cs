using Presenca.Data.Tenancy;

namespace Presenca.Data.Analytics;

/// <summary>How many contacts one client has (<c>client_contact_counts</c> of 0010, kept by triggers on <c>contacts</c>; read only).</summary>
public sealed class ClientContactCount : IClientOwned
{
    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    public int Contacts { get; init; }
}
