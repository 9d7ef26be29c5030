using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Web.Campaigns;
using Presenca.Web.Contacts;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's tables as .xlsx, written row by row with the contacts' <see cref="XlsxWorkbookWriter"/>
/// (formula injection neutralised there); campaigns and contacts are streamed from the database.
/// </summary>
public static class AnalyticsSpreadsheets
{
    public static async Task WriteCampaignsAsync(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now, Stream output, CancellationToken cancellationToken)
    {
        using var workbook = new XlsxWorkbookWriter(output);
        using var sheet = workbook.BeginSheet("Campagnes");
        sheet.WriteRow("Campagne", "Client", "Statut", "Lancée le", "Total", "En attente", "En cours d'envoi", "Envoyés", "Délivrés",
            "Échoués", "Rejetés", "Ouverts", "Taux de succès (%)", "Taux de délivrance (%)", "Désinscrits", "Taux de désinscription (%)");
        var scope = await AnalyticsScope.LoadAsync(db, filter, cancellationToken);
        await foreach (var c in AnalyticsQueries.Campaigns(db, scope, filter, now).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            sheet.WriteRow(c.CampaignName, c.ClientNom, CampaignLabels.Of(c.CampaignStatus), c.StartedAt, c.TotalEmails, c.PendingCount,
                c.SendingCount, c.SentCount, c.DeliveredCount, c.FailedCount, c.BouncedCount, c.OpenedCount, c.SuccessRate, c.DeliveryRate,
                c.UnsubscribedCount, c.UnsubscribeRate);
        }
    }

    public static async Task WriteContactsAsync(PresencaDbContext db, AnalyticsFilter filter, Stream output, CancellationToken cancellationToken)
    {
        var scope = await AnalyticsScope.LoadAsync(db, filter, cancellationToken);
        using var workbook = new XlsxWorkbookWriter(output);
        using var sheet = workbook.BeginSheet("Contacts");
        sheet.WriteRow("Adresse e-mail", "Organisation", "E-mails reçus", "Délivrés", "Rejetés", "Ouverts", "Taux de délivrance (%)", "Dernier événement");
        await foreach (var c in AnalyticsContactQueries.All(db, scope).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            sheet.WriteRow(c.Email, c.OrganizationName, c.EmailsReceived, c.DeliveredCount, c.BouncedCount, c.OpenedCount, c.DeliveryRate, c.LastEventAt);
        }
    }

    /// <summary>The tables under the charts, one sheet each.</summary>
    public static async Task WriteChartTablesAsync(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now, bool withAgencies, Stream output, CancellationToken cancellationToken)
    {
        var report = await AnalyticsQueries.ReportAsync(db, filter with { ContactsAfter = null, ContactsBefore = null }, now, cancellationToken);
        using var workbook = new XlsxWorkbookWriter(output);
        using (var statuses = workbook.BeginSheet("Statuts"))
        {
            statuses.WriteRow("Statut", "E-mails");
            foreach (var s in AnalyticsLabels.EmailStatuses)
            {
                statuses.WriteRow(CampaignLabels.Of(s), report.Totals.Of(s));
            }

            statuses.WriteRow("Total", report.Totals.Total);
        }

        using (var days = workbook.BeginSheet("Par jour"))
        {
            days.WriteRow(["Jour", .. AnalyticsLabels.EmailStatuses.Select(CampaignLabels.Of)]);
            foreach (var day in report.Days)
            {
                days.WriteRow([day.Day.ToString("dd/MM/yyyy"), .. day.ByStatus.Select(n => (object)n)]);
            }
        }

        using (var organisations = workbook.BeginSheet("Organisations"))
        {
            organisations.WriteRow("Organisation", "E-mails", "Délivrés", "Taux de délivrance (%)");
            foreach (var o in report.TopOrganisations)
            {
                organisations.WriteRow(o.Name, o.Total, o.Delivered, o.DeliveryRate);
            }
        }

        if (withAgencies)
        {
            using var agencies = workbook.BeginSheet("Agences");
            agencies.WriteRow("Agence", "E-mails", "Délivrés", "Rejetés", "Échoués", "Taux de délivrance (%)");
            foreach (var a in report.Agencies)
            {
                agencies.WriteRow(a.Name, a.Totals.Total, a.Totals.Delivered, a.Totals.Bounced, a.Totals.Failed, a.Totals.DeliveryRate);
            }
        }
    }
}
