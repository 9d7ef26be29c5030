namespace Presenca.Data.Tenancy;

/// <summary>
/// Audit columns written by database triggers (set_created_audit_fields / update_audit_fields),
/// never by the application: what the row says is what PostgreSQL saw.
/// </summary>
public abstract class AuditedEntity
{
    public DateTimeOffset CreatedAt { get; private set; }

    public Guid? CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public Guid? UpdatedBy { get; private set; }
}
