namespace Presenca.Data.Tenancy;

/// <summary>A row that belongs to one client of one organisation: what the tenant rules test.</summary>
public interface IClientOwned
{
    Guid OrganisationId { get; }

    Guid ClientId { get; }
}
