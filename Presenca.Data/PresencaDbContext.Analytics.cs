using Microsoft.EntityFrameworkCore;
using Presenca.Data.Analytics;

namespace Presenca.Data;

public sealed partial class PresencaDbContext
{
    public DbSet<CampaignAnalytics> CampaignAnalytics => Set<CampaignAnalytics>();

    public DbSet<ContactAnalytics> ContactAnalytics => Set<ContactAnalytics>();

    public DbSet<DashboardAnalytics> DashboardAnalytics => Set<DashboardAnalytics>();

    public DbSet<EmailDailyCount> EmailDailyCounts => Set<EmailDailyCount>();

    public DbSet<EmailOrganisationDailyCount> EmailOrganisationDailyCounts => Set<EmailOrganisationDailyCount>();

    public DbSet<EmailOrganisationMonthlyCount> EmailOrganisationMonthlyCounts => Set<EmailOrganisationMonthlyCount>();

    public DbSet<ClientContactCount> ClientContactCounts => Set<ClientContactCount>();

    // The views read as the caller (security_invoker), so row-level security already scopes them;
    // these filters are the application's half of the same rule, as for the tables underneath.
    private void AddAnalyticsFilters(ModelBuilder builder)
    {
        FilterByClient<CampaignAnalytics>(builder);
        FilterByClient<ContactAnalytics>(builder);
        FilterByClient<DashboardAnalytics>(builder);
        FilterByClient<EmailDailyCount>(builder);
        FilterByClient<EmailOrganisationDailyCount>(builder);
        FilterByClient<EmailOrganisationMonthlyCount>(builder);
        FilterByClient<ClientContactCount>(builder);
    }
}
