using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Analytics;
using Presenca.Data.Campaigns;
using Presenca.Data.Contacts;
using Presenca.Web.Analytics;

namespace Presenca.Web.Overview;

public sealed record RecentImport(Guid Id, string FileName, ContactImportStatus Status, int CreatedCount, DateTimeOffset CreatedAt);

/// <summary>Aperçu's figures, read through the 0008 views as the caller.</summary>
public sealed record OverviewData(
    int TotalContacts,
    int TotalOrganisations,
    int ActiveCampaigns,
    int EmailsSentToday,
    StatusTotals LastThirtyDays,
    IReadOnlyList<CampaignAnalytics> Sending,
    IReadOnlyList<CampaignAnalytics> RecentCampaigns,
    IReadOnlyList<RecentImport> RecentImports)
{
    public static IQueryable<CampaignAnalytics> CampaignsOfLastThirtyDays(PresencaDbContext db, DateTimeOffset now)
    {
        var since = AnalyticsFilter.From("30j", null, null).Since(now)!.Value;
        return db.CampaignAnalytics.AsNoTracking().Where(c => c.StartedAt >= since);
    }

    public static async Task<OverviewData> LoadAsync(PresencaDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One transaction for the five reads: the caller is set once and they share one pooled
        // connection, instead of a BEGIN, a COMMIT and a wait for the pool each, which add up when
        // 50 page loads share a pool of 15 (bench/analytics.sh --wrk).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var dashboard = await db.DashboardAnalytics.AsNoTracking().ToListAsync(cancellationToken);
        var lastThirtyDays = await CampaignsOfLastThirtyDays(db, now).ToListAsync(cancellationToken);
        var sending = await db.CampaignAnalytics.AsNoTracking().Where(c => c.CampaignStatus == EmailCampaignStatus.Sending)
            .OrderBy(c => c.StartedAt).ThenBy(c => c.CampaignId).Take(20).ToListAsync(cancellationToken);
        var recent = await db.CampaignAnalytics.AsNoTracking().OrderByDescending(c => c.CreatedAt).ThenBy(c => c.CampaignId).Take(5).ToListAsync(cancellationToken);
        var imports = await db.ContactImports.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(5)
            .Select(i => new RecentImport(i.Id, i.FileName, i.Status, i.CreatedCount, i.CreatedAt)).ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new OverviewData(
            dashboard.Sum(d => d.TotalContacts),
            dashboard.Sum(d => d.TotalOrganisations),
            dashboard.Sum(d => d.ActiveCampaigns),
            dashboard.Sum(d => d.EmailsSentToday),
            StatusTotals.Of(lastThirtyDays),
            sending,
            recent,
            imports);
    }
}
