using Presenca.Data.Tenancy;

namespace Presenca.Data.Campaigns;

/// <summary>A reusable email (seed 004 <c>email_templates</c>): subject and HTML body with merge fields.</summary>
public sealed class EmailTemplate : AuditedEntity, IClientOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    /// <summary>Who wrote it (seed 004's owner).</summary>
    public Guid? UserId { get; set; }

    public required string Name { get; set; }

    public required string Subject { get; set; }

    /// <summary>The HTML body; the text part is derived from it when sending.</summary>
    public required string Content { get; set; }
}
