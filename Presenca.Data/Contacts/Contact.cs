using Presenca.Data.Tenancy;

namespace Presenca.Data.Contacts;

/// <summary>
/// A recipient (seed 004 <c>contacts</c>), owned by the client that imported it. Its address is
/// unique per owner, compared case-insensitively (index on <c>lower(email)</c>).
/// </summary>
public sealed class Contact : AuditedEntity, IClientOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    public required string Email { get; set; }

    /// <summary>The address lower-cased: computed by PostgreSQL; uniqueness, order and searches use it.</summary>
    public string EmailLower { get; private set; } = "";

    /// <summary>The part after @, lower-cased: computed by PostgreSQL, indexed for searches.</summary>
    public string EmailDomain { get; private set; } = "";

    public Guid? OrganizationId { get; set; }

    /// <summary>The company's name as it was spelled (seed 004 keeps it beside the link).</summary>
    public string? OrganizationName { get; set; }

    /// <summary>The contact asked not to receive campaigns any more: sends skip it.</summary>
    public bool Desinscrit { get; set; }

    public DateTimeOffset? DesinscritAt { get; set; }

    /// <summary>The campaign whose unsubscribe link (or Brevo event) unsubscribed it; null when staff did.</summary>
    public Guid? DesinscritCampaignId { get; set; }

    public bool HardBounced { get; set; }

    public Guid? ImportId { get; set; }

    public ContactOrganization? Organization { get; set; }
}
