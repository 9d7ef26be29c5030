using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Data.Contacts;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Contacts;

/// <summary>
/// Accepts an upload: checks it before anything is written, keeps the file where the background
/// importer will find it, records the import as pending and queues it. Returns at once.
/// </summary>
public sealed class ContactImportUploads(PresencaDatabase database, ContactImportQueue queue, IOptions<ContactImportOptions> options)
{
    public async Task<(Guid? ImportId, ContactFileRefusal? Refusal)> AcceptAsync(Caller caller, IFormFile? file, CancellationToken cancellationToken)
    {
        if (caller.OrganisationId is not { } organisationId || caller.ClientId is not { } clientId)
        {
            return (null, ContactFileRefusal.NoClient);
        }

        if (file is null)
        {
            return (null, ContactFileRefusal.Missing);
        }

        // Refuse an oversized upload before copying a byte of it.
        if (file.Length > options.Value.MaxFileBytes)
        {
            return (null, ContactFileRefusal.TooLarge);
        }

        var directory = options.Value.UploadDirectory is { Length: > 0 } configured ? configured : Path.Combine(Path.GetTempPath(), "presenca-imports");
        Directory.CreateDirectory(directory);
        var importId = Guid.NewGuid();
        var path = Path.Combine(directory, importId.ToString("N") + ".upload");
        var keep = false;
        try
        {
            ContactFileKind? kind;
            await using (var stored = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await file.CopyToAsync(stored, cancellationToken);
                kind = ContactFileInspector.Inspect(file.FileName, stored, stored.Length, options.Value, out var refusal);
                if (kind is null)
                {
                    return (null, refusal);
                }
            }

            await using var db = database.CreateContext(caller);
            db.ContactImports.Add(new ContactImport
            {
                Id = importId,
                OrganisationId = organisationId,
                ClientId = clientId,
                UserId = caller.UserId,
                FileName = FileNameOf(file.FileName),
                FileSize = file.Length,
                Status = ContactImportStatus.EnAttente,
            });
            await db.SaveChangesAsync(cancellationToken);
            await queue.EnqueueAsync(new ContactImportJob(importId, organisationId, clientId, caller, path, kind.Value), cancellationToken);
            keep = true;
            return (importId, null);
        }
        finally
        {
            if (!keep)
            {
                File.Delete(path);
            }
        }
    }

    private static string FileNameOf(string name)
    {
        var clean = Path.GetFileName(name.Replace('\\', '/'));
        return clean.Length <= 200 ? clean : clean[^200..];
    }
}
