namespace Presenca.Data.Tenancy;

/// <summary>
/// One change seen by the database (table <c>audit_trail</c>, written only by the
/// <c>record_audit_trail</c> trigger): who, when, which row, which fields. Never the values.
/// </summary>
public sealed class AuditTrailEntry
{
    public long AuditId { get; private set; }

    public Guid? OrganisationId { get; private set; }

    public Guid? ClientId { get; private set; }

    public string TableName { get; private set; } = "";

    public string RowId { get; private set; } = "";

    public string Action { get; private set; } = "";

    public string[] ChangedFields { get; private set; } = [];

    public Guid? ChangedBy { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }
}
