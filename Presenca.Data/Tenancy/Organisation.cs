namespace Presenca.Data.Tenancy;

/// <summary>The tenant: every network, agency, user and piece of data belongs to one.</summary>
public sealed class Organisation : AuditedEntity
{
    public Guid OrganisationId { get; set; }

    public required string OrganisationNom { get; set; }
}
