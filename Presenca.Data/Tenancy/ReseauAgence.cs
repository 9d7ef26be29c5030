namespace Presenca.Data.Tenancy;

/// <summary>An agency that belongs to a network.</summary>
public sealed class ReseauAgence : AuditedEntity
{
    public Guid ReseauAgenceId { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ReseauId { get; set; }

    public required string AgenceNom { get; set; }
}
