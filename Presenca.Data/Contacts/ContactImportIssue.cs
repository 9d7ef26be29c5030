using Presenca.Data.Tenancy;

namespace Presenca.Data.Contacts;

/// <summary>A row of an imported file that did not become a contact, and why (in French).</summary>
public sealed class ContactImportIssue : IClientOwned
{
    public Guid ImportId { get; set; }

    public int RowNumber { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    public ContactImportIssueKind Kind { get; set; }

    public required string Email { get; set; }

    public string? OrganizationName { get; set; }

    public required string Reason { get; set; }
}
