using Presenca.Data.Tenancy;

namespace Presenca.Data.Contacts;

/// <summary>One upload of a contact file: who, when, which file, how far it got and what it did.</summary>
public sealed class ContactImport : AuditedEntity, IClientOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ClientId { get; set; }

    public Guid? UserId { get; set; }

    public required string FileName { get; set; }

    public long FileSize { get; set; }

    public ContactImportStatus Status { get; set; }

    public int ProcessedRows { get; set; }

    public int ProgressPercent { get; set; }

    /// <summary>Non-blank data rows read (header excluded).</summary>
    public int TotalRows { get; set; }

    public int CreatedCount { get; set; }

    public int OrganizationsCreated { get; set; }

    public int DuplicateInFile { get; set; }

    public int DuplicateExisting { get; set; }

    public int InvalidCount { get; set; }

    /// <summary>Why a failed import failed, in French, for the user.</summary>
    public string? ErrorMessage { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Renewed by the process holding the import; an import whose heartbeat is stale is marked failed (0019).</summary>
    public DateTimeOffset HeartbeatAt { get; set; }

    public bool IsFinished => Status is ContactImportStatus.Terminee or ContactImportStatus.Echouee;
}
