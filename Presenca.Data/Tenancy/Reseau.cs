namespace Presenca.Data.Tenancy;

/// <summary>A network of agencies (seed 001: table <c>reseau</c>).</summary>
public sealed class Reseau : AuditedEntity
{
    public Guid ReseauId { get; set; }

    public Guid OrganisationId { get; set; }

    public required string ReseauNom { get; set; }
}
