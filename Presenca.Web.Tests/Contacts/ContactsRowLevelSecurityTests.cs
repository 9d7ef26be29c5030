using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data.Contacts;
using Presenca.Data.Tenancy;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>
/// PostgreSQL alone keeps tenants apart: these queries switch the EF filters off and still see
/// only what row-level security lets the caller see.
/// </summary>
public sealed class ContactsRowLevelSecurityTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task Without_the_app_filters_an_agency_still_reads_only_its_own_contacts()
    {
        var nord = await DemoCallers.OfAsync(factory, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence);
        await using var db = factory.Database.Database.CreateContext(nord);

        var clients = await db.Contacts.IgnoreQueryFilters().Select(c => c.ClientId).Distinct().ToListAsync();

        Assert.Equal([nord.ClientId!.Value], clients);
        Assert.Equal(240, await db.Contacts.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task Without_the_app_filters_a_director_reads_the_network_but_not_an_independent_agency()
    {
        var directeur = await DemoCallers.OfAsync(factory, DemoAccounts.Directeur.Email, UserRole.DirecteurReseau);
        await using var db = factory.Database.Database.CreateContext(directeur);

        var owners = await db.Contacts.IgnoreQueryFilters().Join(db.Clients.IgnoreQueryFilters(), c => c.ClientId, k => k.ClientId, (c, k) => k.ClientNom)
            .Distinct().OrderBy(n => n).ToListAsync();

        Assert.Equal([DemoAccounts.AgenceNordNom, DemoAccounts.AgenceSudNom], owners);
    }

    [Fact]
    public async Task An_agency_cannot_write_a_contact_into_another_agency()
    {
        var soleil = await DemoCallers.OfAsync(factory, DemoAccounts.Independante.Email, UserRole.CollaborateurAgence);
        var nordClient = (await DemoCallers.OfAsync(factory, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence)).ClientId!.Value;
        await using var db = factory.Database.Database.CreateContext(soleil);
        db.Contacts.Add(new Contact { OrganisationId = soleil.OrganisationId!.Value, ClientId = nordClient, Email = "intrus@rls.fr" });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Contains("row-level security", ((PostgresException)error.InnerException!).MessageText);
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from contacts where email = 'intrus@rls.fr'"));
    }

    [Fact]
    public async Task The_database_refuses_a_contact_whose_company_belongs_to_another_agency()
    {
        _ = factory.Server;
        // As the owner (no row-level security): only the foreign key stands in the way.
        var error = await Assert.ThrowsAsync<PostgresException>(() => factory.Database.ExecuteAsOwnerAsync("""
            insert into contacts (organisation_id, client_id, email, organization_id)
            select k.organisation_id, k.client_id, 'mauvaise-societe@fk.fr',
                   (select o.id from contact_organizations o join clients s on s.client_id = o.client_id where s.client_nom = 'Agence Soleil' limit 1)
            from clients k where k.client_nom = 'Agence Lyon Nord'
            """));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
    }
}
