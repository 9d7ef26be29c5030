using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Tests.Connexions;

/// <summary>What the database itself guarantees about connexions, whatever the application does.</summary>
public sealed class ConnexionSchemaTests : IClassFixture<ConnexionTenants>
{
    private readonly ConnexionTenants _tenants;

    public ConnexionSchemaTests(ConnexionTenants tenants) => _tenants = tenants;

    [Theory]
    [InlineData("brevo")]
    [InlineData("zoho")]
    [InlineData("openai")]
    [InlineData("instagram")]
    public async Task Database_refuses_a_connexion_whose_client_is_of_another_type(string integration)
    {
        // An agency presented as a network.
        var error = await Assert.ThrowsAsync<PostgresException>(() => _tenants.Test.ExecuteAsOwnerAsync(
            $"insert into {integration}_connexion (organisation_id, client_type, client_id) values ('{ConnexionTenants.OrganisationA}', 'reseau', '{ConnexionTenants.AgenceA1}')"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
    }

    [Theory]
    [InlineData("brevo")]
    [InlineData("zoho")]
    [InlineData("openai")]
    [InlineData("instagram")]
    public async Task Database_refuses_a_connexion_whose_client_belongs_to_another_organisation(string integration)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _tenants.Test.ExecuteAsOwnerAsync(
            $"insert into {integration}_connexion (organisation_id, client_type, client_id) values ('{ConnexionTenants.OrganisationA}', 'reseau', '{ConnexionTenants.ReseauB}')"));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
    }

    [Fact]
    public async Task Database_accepts_a_connexion_without_any_api_field_and_applies_the_seed_defaults()
    {
        await _tenants.Test.ExecuteAsOwnerAsync(
            $"insert into openai_connexion (organisation_id, client_type, client_id) values ('{ConnexionTenants.OrganisationA}', 'reseau_agence', '{ConnexionTenants.AgenceA2}')");
        var row = await _tenants.ReadColumnAsOwnerAsync(
            $"select concat_ws('|', openai_actif, openai_statut_connexion, openai_usage_quotidien, openai_modeles_autorises, openai_cout_actuel_mois) from openai_connexion where client_id = '{ConnexionTenants.AgenceA2}'");
        Assert.Equal("t|active|0|{gpt-3.5-turbo,gpt-4}|0.0000", Assert.Single(row));
    }

    [Fact]
    public async Task Database_refuses_a_plaintext_secret()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _tenants.Test.ExecuteAsOwnerAsync(
            $"insert into brevo_connexion (organisation_id, client_type, client_id, brevo_api_key) values ('{ConnexionTenants.OrganisationB}', 'reseau', '{ConnexionTenants.ReseauB}', 'xkeysib-plaintext-0123456789abcdef0123456789abcdef')"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task Agency_staff_see_their_network_connexion_only_while_the_network_shares_it()
    {
        await using (var director = _tenants.Database.CreateContext(ConnexionTenants.Director))
        {
            director.ZohoConnexions.Add(new ZohoConnexion
            {
                OrganisationId = ConnexionTenants.OrganisationA,
                ClientType = ClientType.Reseau,
                ClientId = ConnexionTenants.ReseauA,
                EmailCompte = "reseau@example.fr",
            });
            await director.SaveChangesAsync();
        }

        Assert.Equal(0, await CountAsAppRoleAsync(ConnexionTenants.AgencyStaff));
        await using (var agency = _tenants.Database.CreateContext(ConnexionTenants.AgencyStaff))
        {
            Assert.Empty(await agency.ZohoConnexions.ToListAsync());
        }

        await using (var director = _tenants.Database.CreateContext(ConnexionTenants.Director))
        {
            var zoho = await director.ZohoConnexions.SingleAsync();
            zoho.PartageAgences = true;
            await director.SaveChangesAsync();
        }

        Assert.Equal(1, await CountAsAppRoleAsync(ConnexionTenants.AgencyStaff));
        Assert.Equal(0, await CountAsAppRoleAsync(ConnexionTenants.IndependentStaff));
        Assert.Equal(0, await CountAsAppRoleAsync(ConnexionTenants.OtherDirector));
        await using (var agency = _tenants.Database.CreateContext(ConnexionTenants.AgencyStaff))
        {
            var shared = Assert.Single(await agency.ZohoConnexions.ToListAsync());
            shared.EmailCompte = "pirate@example.fr";
            // Reading a shared connexion does not give the right to change it.
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => agency.SaveChangesAsync());
        }
    }

    // RLS alone, without the EF filters: a raw count as the app role.
    private async Task<long> CountAsAppRoleAsync(Caller caller)
    {
        await using var db = _tenants.Database.CreateContext(caller);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("select count(*) from zoho_connexion", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
