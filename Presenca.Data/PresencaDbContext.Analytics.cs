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
        builder.Entity<CampaignAnalytics>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == a.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<ContactAnalytics>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == a.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<DashboardAnalytics>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == a.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<EmailDailyCount>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == a.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<EmailOrganisationDailyCount>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == a.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<EmailOrganisationMonthlyCount>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == a.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<ClientContactCount>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == a.ClientId && k.ReseauId == CallerClientId)))));
    }
}
