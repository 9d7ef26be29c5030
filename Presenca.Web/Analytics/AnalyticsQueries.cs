using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Analytics;
using Presenca.Data.Campaigns;

namespace Presenca.Web.Analytics;

/// <summary>
/// Every read of Analytique and its exports, through the 0008 views: scoped by the context's
/// query filters and, in PostgreSQL, by row-level security (the views read as the caller).
/// </summary>
public static class AnalyticsQueries
{
    public static IQueryable<CampaignAnalytics> Campaigns(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now)
    {
        var query = db.CampaignAnalytics.AsNoTracking();
        if (filter.ClientId is { } client)
        {
            query = query.Where(c => c.ClientId == client);
        }

        if (filter.Since(now) is { } since)
        {
            query = query.Where(c => c.StartedAt >= since || (c.StartedAt == null && c.CreatedAt >= since));
        }

        return filter.Sort switch
        {
            "nom" => query.OrderBy(c => c.CampaignName).ThenBy(c => c.CampaignId),
            "total" => query.OrderByDescending(c => c.TotalEmails).ThenBy(c => c.CampaignId),
            "delivrance" => query.OrderByDescending(c => c.DeliveryRate ?? -1).ThenBy(c => c.CampaignId),
            "succes" => query.OrderByDescending(c => c.SuccessRate ?? -1).ThenBy(c => c.CampaignId),
            "rebonds" => query.OrderByDescending(c => c.BouncedCount).ThenBy(c => c.CampaignId),
            _ => query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.CampaignId),
        };
    }

    public static IQueryable<ContactAnalytics> Contacts(PresencaDbContext db, AnalyticsFilter filter)
    {
        var query = db.ContactAnalytics.AsNoTracking();
        if (filter.ClientId is { } client)
        {
            query = query.Where(c => c.ClientId == client);
        }

        return query.OrderBy(c => c.EmailLower).ThenBy(c => c.ContactId);
    }

    private static IQueryable<EmailActivity> Activity(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now)
    {
        var query = db.EmailActivity.AsNoTracking();
        if (filter.ClientId is { } client)
        {
            query = query.Where(a => a.ClientId == client);
        }

        if (filter.Since(now) is { } since)
        {
            query = query.Where(a => a.CreatedAt >= since);
        }

        return query;
    }

    // From the per-day counters the triggers keep: a few rows a day, whatever the volume.
    public static IQueryable<DailyStatus> Days(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now)
    {
        var counts = db.EmailDailyCounts.AsNoTracking().Where(c => c.Emails != 0);
        if (filter.ClientId is { } client)
        {
            counts = counts.Where(c => c.ClientId == client);
        }

        if (filter.Since(now) is { } since)
        {
            var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(since, AnalyticsLabels.Paris).DateTime);
            counts = counts.Where(c => c.Day >= firstDay);
        }

        return counts.GroupBy(c => new { c.Day, c.Status })
            .Select(g => new DailyStatus(g.Key.Day, g.Key.Status, g.Sum(c => c.Emails)));
    }

    public static IQueryable<OrganisationFigures> TopOrganisations(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now) =>
        Activity(db, filter, now)
            .Where(a => a.RecipientOrganization != null)
            .GroupBy(a => a.RecipientOrganization!)
            .Select(g => new { Name = g.Key, Total = g.Count(), Delivered = g.Count(a => a.Status == EmailSentStatus.Delivered) })
            .OrderByDescending(o => o.Total).ThenBy(o => o.Name)
            .Take(10)
            .Select(o => new OrganisationFigures(o.Name, o.Total, o.Delivered));

    // The page of contacts is chosen first, then joined to the view: its per-contact aggregate runs
    // for those 50 contacts only, not for every contact skipped by the offset.
    public static IQueryable<ContactAnalytics> ContactPage(PresencaDbContext db, AnalyticsFilter filter)
    {
        var contacts = db.Contacts.AsNoTracking();
        if (filter.ClientId is { } client)
        {
            contacts = contacts.Where(c => c.ClientId == client);
        }

        var page = contacts.OrderBy(c => c.EmailLower).ThenBy(c => c.Id)
            .Skip((filter.ContactPage - 1) * AnalyticsFilter.ContactPageSize).Take(AnalyticsFilter.ContactPageSize);
        return page.Join(db.ContactAnalytics.AsNoTracking(), c => c.Id, a => a.ContactId, (c, a) => new { c.EmailLower, c.Id, Row = a })
            .OrderBy(x => x.EmailLower).ThenBy(x => x.Id)
            .Select(x => x.Row);
    }

    public static IQueryable<Presenca.Data.Contacts.Contact> ContactCount(PresencaDbContext db, AnalyticsFilter filter) =>
        filter.ClientId is { } client ? db.Contacts.Where(c => c.ClientId == client) : db.Contacts;

    public static async Task<AnalyticsReport> ReportAsync(PresencaDbContext db, AnalyticsFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var clients = (await db.Clients.AsNoTracking().OrderBy(c => c.ClientNom).Select(c => new { c.ClientId, c.ClientNom }).ToListAsync(cancellationToken))
            .Select(c => (c.ClientId, c.ClientNom)).ToList();
        var campaigns = await Campaigns(db, filter, now).ToListAsync(cancellationToken);
        var days = await Days(db, filter, now).ToListAsync(cancellationToken);
        var organisations = await TopOrganisations(db, filter, now).ToListAsync(cancellationToken);
        var contacts = await ContactPage(db, filter).ToListAsync(cancellationToken);
        var contactCount = await ContactCount(db, filter).CountAsync(cancellationToken);

        var agencies = campaigns.GroupBy(c => (c.ClientId, c.ClientNom))
            .Select(g => new AgencyFigures(g.Key.ClientId, g.Key.ClientNom, StatusTotals.Of(g)))
            .OrderBy(a => a.Name, StringComparer.Create(AnalyticsLabels.French, ignoreCase: true))
            .ToList();

        return new AnalyticsReport(
            filter,
            clients,
            campaigns,
            StatusTotals.Of(campaigns),
            days.OrderBy(d => d.Day).ThenBy(d => d.Status).ToList(),
            organisations,
            agencies,
            contacts,
            contactCount);
    }
}
