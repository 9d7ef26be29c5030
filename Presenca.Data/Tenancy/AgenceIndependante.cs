namespace Presenca.Data.Tenancy;

/// <summary>An agency that belongs to no network.</summary>
public sealed class AgenceIndependante : AuditedEntity
{
    public Guid AgenceIndependanteId { get; set; }

    public Guid OrganisationId { get; set; }

    public required string AgenceNom { get; set; }
}
