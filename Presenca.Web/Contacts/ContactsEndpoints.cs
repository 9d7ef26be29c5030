using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Contacts;

public static class ContactsEndpoints
{
    public static void MapContactsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var contacts = endpoints.MapGroup("/contacts");
        contacts.MapPost("/import", UploadAsync);
        contacts.MapGet("/export", ExportAsync);
        contacts.MapGet("/imports/{id:guid}/rapport", ReportAsync);
    }

    // Antiforgery is checked by the middleware for this form-bound endpoint.
    private static async Task<IResult> UploadAsync(HttpContext context, IFormFile? fichier, ContactImportUploads uploads, CancellationToken cancellationToken)
    {
        var (importId, refusal) = await uploads.AcceptAsync(CallerClaims.Read(context.User), fichier, cancellationToken);
        return importId is { } id
            ? Results.Redirect($"/contacts/imports/{id}")
            : Results.Redirect($"/contacts/import?refus={refusal}");
    }

    private static async Task<IResult> ExportAsync(
        [FromQuery(Name = "q")] string? search, [FromQuery(Name = "organisation")] Guid? organizationId, [FromQuery(Name = "tri")] string? sort,
        IDbContextFactory<PresencaDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var file = XlsxWorkbookWriter.CreateTemporaryFile();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await ContactSpreadsheets.WriteContactsAsync(db, new ContactListQuery(search, organizationId, sort), file, cancellationToken);
        }

        file.Position = 0;
        return Results.File(file, ContactSpreadsheets.ContentType, $"contacts-{DateTime.UtcNow:yyyy-MM-dd}.xlsx");
    }

    private static async Task<IResult> ReportAsync(Guid id, IDbContextFactory<PresencaDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var import = await db.ContactImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (import is null)
        {
            return Results.NotFound();
        }

        var file = XlsxWorkbookWriter.CreateTemporaryFile();
        await ContactSpreadsheets.WriteImportReportAsync(db, import, file, cancellationToken);
        file.Position = 0;
        return Results.File(file, ContactSpreadsheets.ContentType, $"rapport-import-{import.CreatedAt:yyyy-MM-dd-HHmm}.xlsx");
    }
}
