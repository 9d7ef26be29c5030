using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Analytics;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's reads of campaigns and charts (contacts: <see cref="AnalyticsContactQueries"/>),
/// through the 0008 views and the counters of 0008 and 0010, limited to the clients of an
/// <see cref="AnalyticsScope"/> (which replaces the generic query filters here) and, in PostgreSQL,
/// by row-level security (the views read as the caller).
/// </summary>
public static class AnalyticsQueries
{
    private static IQueryable<CampaignAnalytics> PeriodCampaigns(PresencaDbContext db, AnalyticsScope scope, AnalyticsFilter filter, DateTimeOffset now)
    {
        var query = db.CampaignAnalytics.IgnoreQueryFilters().AsNoTracking().Where(c => scope.ClientIds.Contains(c.ClientId));
        return filter.Since(now) is { } since ? query.Where(c => c.StartedAt >= since || (c.StartedAt == null && c.CreatedAt >= since)) : query;
    }

    /// <summary>The period's campaigns in the filter's order and direction: the campaigns table and its export.</summary>
    public static IQueryable<CampaignAnalytics> Campaigns(PresencaDbContext db, AnalyticsScope scope, AnalyticsFilter filter, DateTimeOffset now)
    {
        var query = PeriodCampaigns(db, scope, filter, now);
        var descending = filter.Descending;
        return (filter.Sort switch
        {
            "nom" => By(query, c => c.CampaignName, descending),
            "total" => By(query, c => c.TotalEmails, descending),
            "delivrance" => By(query, c => c.DeliveryRate ?? -1, descending),
            "succes" => By(query, c => c.SuccessRate ?? -1, descending),
            "rebonds" => By(query, c => c.BouncedCount, descending),
            _ => By(query, c => c.CreatedAt, descending),
        }).ThenBy(c => c.CampaignId);
    }

    private static IOrderedQueryable<CampaignAnalytics> By<TKey>(
        IQueryable<CampaignAnalytics> query, System.Linq.Expressions.Expression<Func<CampaignAnalytics, TKey>> key, bool descending) =>
        descending ? query.OrderByDescending(key) : query.OrderBy(key);

    /// <summary>Per client, the period's campaigns counted and their counters added up, by the database.</summary>
    public static IQueryable<AgencyFigures> CampaignTotals(PresencaDbContext db, AnalyticsScope scope, AnalyticsFilter filter, DateTimeOffset now) =>
        PeriodCampaigns(db, scope, filter, now)
            .GroupBy(c => new { c.ClientId, c.ClientNom })
            .Select(g => new AgencyFigures(g.Key.ClientId, g.Key.ClientNom, g.Count(), new StatusTotals(
                g.Sum(c => (long)c.TotalEmails), g.Sum(c => (long)c.PendingCount), g.Sum(c => (long)c.SendingCount), g.Sum(c => (long)c.SentCount),
                g.Sum(c => (long)c.DeliveredCount), g.Sum(c => (long)c.FailedCount), g.Sum(c => (long)c.BouncedCount), g.Sum(c => (long)c.OpenedCount),
                g.Sum(c => (long)c.UnsubscribedCount))));

    /// <summary>
    /// One page of the period's campaigns; a page past the last shows the last. Only the page's rows
    /// are read and rendered: a year of campaigns made a page of more than half a megabyte.
    /// </summary>
    public static async Task<CampaignsPage> CampaignPageAsync(
        PresencaDbContext db, AnalyticsScope scope, AnalyticsFilter filter, DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        var pages = Math.Max(1, (count + AnalyticsFilter.CampaignPageSize - 1) / AnalyticsFilter.CampaignPageSize);
        var page = Math.Min(filter.CampaignPage, pages);
        var rows = await Campaigns(db, scope, filter, now)
            .Skip((page - 1) * AnalyticsFilter.CampaignPageSize).Take(AnalyticsFilter.CampaignPageSize)
            .ToListAsync(cancellationToken);
        return new CampaignsPage(rows, page, pages, count);
    }

    // From the per-day counters the triggers keep: a few rows a day, whatever the volume.
    public static IQueryable<DailyStatus> Days(PresencaDbContext db, AnalyticsScope scope, AnalyticsFilter filter, DateTimeOffset now)
    {
        var counts = db.EmailDailyCounts.IgnoreQueryFilters().AsNoTracking().Where(c => scope.ClientIds.Contains(c.ClientId) && c.Emails != 0);
        if (filter.FirstDay(now) is { } firstDay)
        {
            counts = counts.Where(c => c.Day >= firstDay);
        }

        return counts.GroupBy(c => new { c.Day, c.Status })
            .Select(g => new DailyStatus(g.Key.Day, g.Key.Status, g.Sum(c => c.Emails)));
    }

    /// <summary>
    /// The ten companies that received the most emails in the period, from the counters of 0010: the
    /// day rows of the period's first, partial month, then the month rows (all of them since the start).
    /// </summary>
    public static IQueryable<OrganisationFigures> TopOrganisations(PresencaDbContext db, AnalyticsScope scope, AnalyticsFilter filter, DateTimeOffset now)
    {
        var months = db.EmailOrganisationMonthlyCounts.IgnoreQueryFilters().AsNoTracking().Where(c => scope.ClientIds.Contains(c.ClientId));
        var counts = months.Select(c => new { Name = c.RecipientOrganization, c.Emails, c.Delivered });
        if (filter.FirstDay(now) is { } firstDay)
        {
            var firstWholeMonth = firstDay.Day == 1 ? firstDay : new DateOnly(firstDay.Year, firstDay.Month, 1).AddMonths(1);
            counts = db.EmailOrganisationDailyCounts.IgnoreQueryFilters().AsNoTracking()
                .Where(c => scope.ClientIds.Contains(c.ClientId) && c.Day >= firstDay && c.Day < firstWholeMonth)
                .Select(c => new { Name = c.RecipientOrganization, c.Emails, c.Delivered })
                .Concat(months.Where(c => c.Month >= firstWholeMonth).Select(c => new { Name = c.RecipientOrganization, c.Emails, c.Delivered }));
        }

        return counts
            .GroupBy(c => c.Name)
            .Select(g => new { Name = g.Key, Total = g.Sum(c => c.Emails), Delivered = g.Sum(c => c.Delivered) })
            .Where(o => o.Total > 0)
            .OrderByDescending(o => o.Total).ThenBy(o => o.Name)
            .Take(10)
            .Select(o => new OrganisationFigures(o.Name, o.Total, o.Delivered));
    }

    public static async Task<AnalyticsReport> ReportAsync(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var scope = await AnalyticsScope.LoadAsync(db, filter, cancellationToken);
        var perClient = await CampaignTotals(db, scope, filter, now).ToListAsync(cancellationToken);
        var campaigns = await CampaignPageAsync(db, scope, filter, now, perClient.Sum(a => a.Campaigns), cancellationToken);
        var days = await Days(db, scope, filter, now).ToListAsync(cancellationToken);
        var organisations = await TopOrganisations(db, scope, filter, now).ToListAsync(cancellationToken);
        var contacts = await AnalyticsContactQueries.PageAsync(db, scope, filter, cancellationToken);
        var contactCount = await AnalyticsContactQueries.Count(db, scope).SumAsync(c => c.Contacts, cancellationToken);

        var agencies = perClient.OrderBy(a => a.Name, StringComparer.Create(AnalyticsLabels.French, ignoreCase: true)).ToList();

        return new AnalyticsReport(
            filter,
            scope.Clients.Select(c => new ClientChoice(c.Id, c.Name)).ToList(),
            campaigns,
            StatusTotals.Sum(perClient.Select(a => a.Totals)),
            DayFigures.Of(days),
            organisations,
            agencies,
            contacts,
            contactCount);
    }
}
