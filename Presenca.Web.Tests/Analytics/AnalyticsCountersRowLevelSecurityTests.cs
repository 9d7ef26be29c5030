using Microsoft.EntityFrameworkCore;
using Presenca.Data.Tenancy;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// PostgreSQL alone keeps the counters of 0010 apart: with the app's filters switched off, an agency
/// reads its own company and contact counters, a director the network's, nobody another organisation's.
/// (The demo's own campaigns, deleted before the data set, leave counters at zero behind.)
/// </summary>
public sealed class AnalyticsCountersRowLevelSecurityTests(AnalyticsWebFactory factory) : IClassFixture<AnalyticsWebFactory>
{
    [Fact]
    public async Task Without_the_app_filters_an_agency_reads_only_its_own_counters()
    {
        var nord = await DemoCallers.OfAsync(factory, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence);
        await using var db = factory.Database.Database.CreateContext(nord);

        Assert.Equal(["Boulangerie Nord", "Garage Nord"],
            await db.EmailOrganisationMonthlyCounts.IgnoreQueryFilters().Where(c => c.Emails > 0).Select(c => c.RecipientOrganization).Distinct().OrderBy(n => n).ToListAsync());
        Assert.Equal(["Boulangerie Nord", "Garage Nord"],
            await db.EmailOrganisationDailyCounts.IgnoreQueryFilters().Where(c => c.Emails > 0).Select(c => c.RecipientOrganization).Distinct().OrderBy(n => n).ToListAsync());
        Assert.Equal([nord.ClientId!.Value], await db.ClientContactCounts.IgnoreQueryFilters().Select(c => c.ClientId).ToListAsync());
        Assert.Equal(3, await db.ClientContactCounts.IgnoreQueryFilters().SumAsync(c => c.Contacts));
    }

    [Fact]
    public async Task Without_the_app_filters_a_director_reads_the_network_s_counters_but_no_other_client_s()
    {
        var directeur = await DemoCallers.OfAsync(factory, DemoAccounts.Directeur.Email, UserRole.DirecteurReseau);
        await using var db = factory.Database.Database.CreateContext(directeur);

        Assert.Equal(["Boulangerie Nord", "Garage Nord", "Savon Sud"],
            await db.EmailOrganisationMonthlyCounts.IgnoreQueryFilters().Where(c => c.Emails > 0).Select(c => c.RecipientOrganization).Distinct().OrderBy(n => n).ToListAsync());
        Assert.Equal(5, await db.ClientContactCounts.IgnoreQueryFilters().SumAsync(c => c.Contacts));
        Assert.True(await factory.Database.QueryAsOwnerAsync<long>("select count(distinct client_id) from client_contact_counts where contacts > 0") >= 4);
    }
}
