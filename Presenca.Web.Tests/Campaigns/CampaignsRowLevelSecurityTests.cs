using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data.Campaigns;
using Presenca.Data.Tenancy;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// PostgreSQL alone keeps campaigns apart: with the app's filters switched off, each agency reads
/// and writes only its own templates, campaigns and recipients; a director reads the network's.
/// </summary>
public sealed class CampaignsRowLevelSecurityTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task Without_the_app_filters_an_agency_reads_only_its_own_campaigns_templates_and_recipients()
    {
        var soleil = await DemoCallers.OfAsync(factory, DemoAccounts.Independante.Email, UserRole.CollaborateurAgence);
        await using var db = factory.Database.Database.CreateContext(soleil);

        Assert.Equal([soleil.ClientId!.Value], await db.EmailCampaigns.IgnoreQueryFilters().Select(c => c.ClientId).Distinct().ToListAsync());
        Assert.Equal([soleil.ClientId!.Value], await db.EmailTemplates.IgnoreQueryFilters().Select(c => c.ClientId).Distinct().ToListAsync());
        Assert.Equal([soleil.ClientId!.Value], await db.EmailsSent.IgnoreQueryFilters().Select(c => c.ClientId).Distinct().ToListAsync());
        Assert.True(await factory.Database.QueryAsOwnerAsync<long>($"select count(distinct client_id) from emails_sent") >= 2);
    }

    [Fact]
    public async Task Without_the_app_filters_a_director_reads_the_network_s_campaigns_but_not_an_independent_agency_s()
    {
        var directeur = await DemoCallers.OfAsync(factory, DemoAccounts.Directeur.Email, UserRole.DirecteurReseau);
        await using var db = factory.Database.Database.CreateContext(directeur);

        var owners = await db.EmailCampaigns.IgnoreQueryFilters().Join(db.Clients.IgnoreQueryFilters(), c => c.ClientId, k => k.ClientId, (c, k) => k.ClientNom)
            .Distinct().ToListAsync();

        Assert.Equal([DemoAccounts.AgenceNordNom], owners);
    }

    [Fact]
    public async Task An_agency_can_neither_write_a_campaign_into_another_agency_nor_change_or_delete_one_of_its()
    {
        var soleil = await DemoCallers.OfAsync(factory, DemoAccounts.Independante.Email, UserRole.CollaborateurAgence);
        var nord = (await DemoCallers.OfAsync(factory, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence)).ClientId!.Value;
        await using var db = factory.Database.Database.CreateContext(soleil);
        db.EmailCampaigns.Add(new EmailCampaign { OrganisationId = soleil.OrganisationId!.Value, ClientId = nord, Name = "Intrusion", Subject = "x", Content = "x" });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains("row-level security", ((PostgresException)error.InnerException!).MessageText);

        await using var other = factory.Database.Database.CreateContext(soleil);
        var renamed = await other.EmailCampaigns.IgnoreQueryFilters().Where(c => c.ClientId == nord)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Piraté"));
        var deleted = await other.EmailsSent.IgnoreQueryFilters().Where(e => e.ClientId == nord).ExecuteDeleteAsync();

        Assert.Equal(0, renamed);
        Assert.Equal(0, deleted);
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_campaigns where name in ('Intrusion', 'Piraté')"));
    }
}
