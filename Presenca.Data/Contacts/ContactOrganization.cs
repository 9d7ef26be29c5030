using Presenca.Data.Tenancy;

namespace Presenca.Data.Contacts;

/// <summary>
/// A contact's company (seed 004 <c>organizations</c>, renamed so that it never collides with the
/// tenant <c>organisations</c>). <see cref="NameKey"/> matches spellings that differ only by case,
/// accents or surrounding spaces; <see cref="Name"/> keeps the first spelling seen.
/// </summary>
public sealed class ContactOrganization : AuditedEntity, IClientOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    public required string Name { get; set; }

    public required string NameKey { get; set; }
}
