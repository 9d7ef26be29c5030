using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Contacts;

namespace Presenca.Web.Contacts;

/// <summary>The two .xlsx files users download: the filtered contacts, and an import's French report.</summary>
public static class ContactSpreadsheets
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task WriteContactsAsync(PresencaDbContext db, ContactListQuery query, Stream output, CancellationToken cancellationToken)
    {
        using var workbook = new XlsxWorkbookWriter(output);
        using var sheet = workbook.BeginSheet("Contacts");
        sheet.WriteRow("Organisation", "Adresse e-mail", "Désinscrit", "Ajouté le");
        var rows = (await query.ApplyAsync(db, cancellationToken)).Select(c => new { c.OrganizationName, c.Email, c.Desinscrit, c.CreatedAt }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            sheet.WriteRow(row.OrganizationName, row.Email, row.Desinscrit, row.CreatedAt);
        }
    }

    public static async Task WriteImportReportAsync(PresencaDbContext db, ContactImport import, Stream output, CancellationToken cancellationToken)
    {
        using var workbook = new XlsxWorkbookWriter(output);
        using (var summary = workbook.BeginSheet("Résumé"))
        {
            summary.WriteRow("Fichier", import.FileName);
            summary.WriteRow("Importé le", import.CreatedAt);
            var by = await db.Users.Where(u => u.Id == import.UserId).Select(u => u.NomComplet).FirstOrDefaultAsync(cancellationToken);
            summary.WriteRow("Importé par", by);
            summary.WriteRow("Statut", ContactImportLabels.Of(import.Status));
            summary.WriteRow("Lignes lues", import.TotalRows);
            summary.WriteRow("Contacts créés", import.CreatedCount);
            summary.WriteRow("Organisations créées", import.OrganizationsCreated);
            summary.WriteRow("Doublons dans le fichier", import.DuplicateInFile);
            summary.WriteRow("Déjà dans vos contacts", import.DuplicateExisting);
            summary.WriteRow("Adresses invalides", import.InvalidCount);
            if (import.ErrorMessage is { } error)
            {
                summary.WriteRow("Erreur", error);
            }
        }

        using (var created = workbook.BeginSheet("Créés"))
        {
            created.WriteRow("Adresse e-mail", "Organisation");
            var contacts = db.Contacts.AsNoTracking().Where(c => c.ImportId == import.Id)
                .OrderBy(c => c.EmailLower).Select(c => new { c.Email, c.OrganizationName }).AsAsyncEnumerable();
            await foreach (var contact in contacts.WithCancellation(cancellationToken))
            {
                created.WriteRow(contact.Email, contact.OrganizationName);
            }
        }

        using (var issues = workbook.BeginSheet("Non importés"))
        {
            await WriteIssuesAsync(db, issues, import.Id, refused: true, cancellationToken);
        }

        // The skipped header and the rows imported with a remark: nothing here was refused.
        using var remarks = workbook.BeginSheet("Remarques");
        await WriteIssuesAsync(db, remarks, import.Id, refused: false, cancellationToken);
    }

    private static async Task WriteIssuesAsync(PresencaDbContext db, XlsxWorkbookWriter.Sheet sheet, Guid importId, bool refused, CancellationToken cancellationToken)
    {
        sheet.WriteRow("Ligne", "Adresse e-mail", "Organisation", refused ? "Problème" : "Remarque", "Détail");
        var issues = db.ContactImportIssues.AsNoTracking().Where(i => i.ImportId == importId);
        issues = refused
            ? issues.Where(i => i.Kind != ContactImportIssueKind.Entete && i.Kind != ContactImportIssueKind.Remarque)
            : issues.Where(i => i.Kind == ContactImportIssueKind.Entete || i.Kind == ContactImportIssueKind.Remarque);
        var rows = issues.OrderBy(i => i.RowNumber).AsAsyncEnumerable();
        await foreach (var issue in rows.WithCancellation(cancellationToken))
        {
            sheet.WriteRow(issue.RowNumber, issue.Email, issue.OrganizationName, ContactImportLabels.Of(issue.Kind), issue.Reason);
        }
    }
}
