using Npgsql;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>What 0003 closes: who may write users and networks, whatever the application does.</summary>
public sealed class UserRowGuardTests : TwoTenantsDatabaseTests
{
    [Fact]
    public async Task A_director_cannot_make_a_user_of_the_network_an_admin()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Directeur);

        var state = await AppRoleSql.RefusalAsync(connection, "update users set role = 'admin_presenca' where id = @id", ("id", Tenants.A.CollaborateurId));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, state);
        Assert.Equal("collaborateur_agence", await RoleOfAsync(Tenants.A.CollaborateurId));
    }

    [Fact]
    public async Task A_user_cannot_change_its_own_role_or_attachment()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Collaborateur);

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege,
            await AppRoleSql.RefusalAsync(connection, "update users set role = 'directeur_reseau', client_id = @reseau where id = @id",
                ("reseau", Tenants.A.ReseauId), ("id", Tenants.A.CollaborateurId)));
        Assert.Equal("collaborateur_agence", await RoleOfAsync(Tenants.A.CollaborateurId));
    }

    [Fact]
    public async Task A_user_still_updates_its_own_password_fields()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Collaborateur);

        var rows = await AppRoleSql.ExecuteAsync(connection, "update users set security_stamp = 'renewed' where id = @id", ("id", Tenants.A.CollaborateurId));

        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task Agency_staff_cannot_create_users_even_in_their_own_agency()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Collaborateur);

        var state = await AppRoleSql.RefusalAsync(connection, """
            insert into users (id, nom_complet, organisation_id, client_id, role, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            values (gen_random_uuid(), 'Intrus', @org, @agence, 'collaborateur_agence', true, false, false, true, 0)
            """, ("org", Tenants.A.OrganisationId), ("agence", Tenants.A.AgenceId));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, state);
    }

    [Fact]
    public async Task A_director_cannot_attach_a_director_to_an_agency()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Directeur);

        var state = await AppRoleSql.RefusalAsync(connection, """
            insert into users (id, nom_complet, organisation_id, client_id, role, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            values (gen_random_uuid(), 'Mauvais rôle', @org, @agence, 'directeur_reseau', true, false, false, true, 0)
            """, ("org", Tenants.A.OrganisationId), ("agence", Tenants.A.AgenceId));

        Assert.Equal(PostgresErrorCodes.CheckViolation, state);
    }

    [Fact]
    public async Task A_director_renames_the_network_but_cannot_delete_it()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Directeur);

        var renamed = await AppRoleSql.ExecuteAsync(connection, "update reseaux set reseau_nom = 'Nouveau nom' where reseau_id = @id", ("id", Tenants.A.ReseauId));
        var deleted = await AppRoleSql.ExecuteAsync(connection, "delete from reseaux where reseau_id = @id", ("id", Tenants.A.ReseauId));

        Assert.Equal(1, renamed);
        Assert.Equal(0, deleted);
        Assert.Equal(1, await Database.QueryAsOwnerAsync<long>($"select count(*) from reseaux where reseau_id = '{Tenants.A.ReseauId}'"));
    }

    [Fact]
    public async Task A_director_cannot_write_clients_rows_directly_only_through_networks_and_agencies()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Directeur);

        var insert = await AppRoleSql.RefusalAsync(connection, """
            insert into clients (client_id, organisation_id, client_type, reseau_id, client_nom)
            values (gen_random_uuid(), @org, 'reseau_agence', @reseau, 'Agence fantôme')
            """, ("org", Tenants.A.OrganisationId), ("reseau", Tenants.A.ReseauId));
        var rename = await AppRoleSql.RefusalAsync(connection, "update clients set client_nom = 'Autre nom' where client_id = @id", ("id", Tenants.A.AgenceId));
        var throughAgency = await AppRoleSql.ExecuteAsync(connection,
            "insert into reseau_agence (organisation_id, reseau_id, agence_nom) values (@org, @reseau, 'Agence réelle')",
            ("org", Tenants.A.OrganisationId), ("reseau", Tenants.A.ReseauId));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, insert);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, rename);
        Assert.Equal(1, throughAgency);
        Assert.Equal(1, await Database.QueryAsOwnerAsync<long>("select count(*) from clients where client_nom = 'Agence réelle'"));
    }

    [Theory]
    [InlineData("user_claims", "insert into user_claims (user_id, claim_type, claim_value) values (@id, 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', 'admin_presenca')")]
    [InlineData("user_logins", "insert into user_logins (login_provider, provider_key, user_id) values ('Intrus', 'cle', @id)")]
    public async Task Agency_staff_cannot_give_themselves_claims_or_logins(string table, string sql)
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Tenants.A.Collaborateur);

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await AppRoleSql.RefusalAsync(connection, sql, ("id", Tenants.A.CollaborateurId)));
        Assert.Equal(0, await Database.QueryAsOwnerAsync<long>($"select count(*) from {table}"));
    }

    [Fact]
    public async Task An_admin_deleting_an_organisation_still_cascades_to_its_clients()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Caller.System(Guid.NewGuid()));

        var deleted = await AppRoleSql.ExecuteAsync(connection, "delete from organisations where organisation_id = @id", ("id", Tenants.B.OrganisationId));

        Assert.Equal(1, deleted);
        Assert.Equal(0, await Database.QueryAsOwnerAsync<long>($"select count(*) from clients where organisation_id = '{Tenants.B.OrganisationId}'"));
    }

    private async Task<string> RoleOfAsync(Guid id) => await Database.QueryAsOwnerAsync<string>($"select role from users where id = '{id}'");
}
