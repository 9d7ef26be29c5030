using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Web.Contacts;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Analytics;

public static class AnalyticsEndpoints
{
    public static void MapAnalyticsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var export = endpoints.MapGroup("/analytique/export");
        export.MapGet("/campagnes", (HttpContext context, [AsParameters] ExportQuery q, IDbContextFactory<PresencaDbContext> dbFactory, TimeProvider clock) =>
            ExportAsync(dbFactory, "campagnes", (db, file, ct) => AnalyticsSpreadsheets.WriteCampaignsAsync(db, q.Filter, clock.GetUtcNow(), file, ct), context.RequestAborted));
        export.MapGet("/contacts", (HttpContext context, [AsParameters] ExportQuery q, IDbContextFactory<PresencaDbContext> dbFactory) =>
            ExportAsync(dbFactory, "contacts-analytique", (db, file, ct) => AnalyticsSpreadsheets.WriteContactsAsync(db, q.Filter, file, ct), context.RequestAborted));
        export.MapGet("/graphiques", (HttpContext context, [AsParameters] ExportQuery q, IDbContextFactory<PresencaDbContext> dbFactory, TimeProvider clock) =>
            ExportAsync(dbFactory, "analytique", (db, file, ct) => AnalyticsSpreadsheets.WriteChartTablesAsync(
                db, q.Filter, clock.GetUtcNow(), CallerClaims.Read(context.User).IsDirector, file, ct), context.RequestAborted));
    }

    public sealed record ExportQuery(
        [FromQuery(Name = "periode")] string? Period,
        [FromQuery(Name = "client")] Guid? ClientId,
        [FromQuery(Name = "tri")] string? Sort,
        [FromQuery(Name = "sens")] string? Direction)
    {
        public AnalyticsFilter Filter => AnalyticsFilter.From(Period, ClientId, Sort, direction: Direction);
    }

    // Written to a temporary file (deleted on close) rather than memory: 100,000 rows never sit in RAM.
    private static async Task<IResult> ExportAsync(IDbContextFactory<PresencaDbContext> dbFactory, string name,
        Func<PresencaDbContext, Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var file = XlsxWorkbookWriter.CreateTemporaryFile();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await write(db, file, cancellationToken);
        }

        file.Position = 0;
        return Results.File(file, ContactSpreadsheets.ContentType, $"{name}-{DateTime.UtcNow:yyyy-MM-dd}.xlsx");
    }
}
