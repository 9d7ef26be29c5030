using Npgsql;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>What 0003 closes: who may write users and networks, whatever the application does.</summary>
public sealed class UserRowGuardTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TwoTenants _tenants = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _tenants = await TwoTenants.CreateAsync(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_director_cannot_make_a_user_of_the_network_an_admin()
    {
        await using var connection = await AppRoleSql.OpenAsync(_database.AppConnectionString, _tenants.A.Directeur);

        var state = await AppRoleSql.RefusalAsync(connection, "update users set role = 'admin_presenca' where id = @id", ("id", _tenants.A.CollaborateurId));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, state);
        Assert.Equal("collaborateur_agence", await RoleOfAsync(_tenants.A.CollaborateurId));
    }

    [Fact]
    public async Task A_user_cannot_change_its_own_role_or_attachment()
    {
        await using var connection = await AppRoleSql.OpenAsync(_database.AppConnectionString, _tenants.A.Collaborateur);

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege,
            await AppRoleSql.RefusalAsync(connection, "update users set role = 'directeur_reseau', client_id = @reseau where id = @id",
                ("reseau", _tenants.A.ReseauId), ("id", _tenants.A.CollaborateurId)));
        Assert.Equal("collaborateur_agence", await RoleOfAsync(_tenants.A.CollaborateurId));
    }

    [Fact]
    public async Task A_user_still_updates_its_own_password_fields()
    {
        await using var connection = await AppRoleSql.OpenAsync(_database.AppConnectionString, _tenants.A.Collaborateur);

        var rows = await AppRoleSql.ExecuteAsync(connection, "update users set security_stamp = 'renewed' where id = @id", ("id", _tenants.A.CollaborateurId));

        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task Agency_staff_cannot_create_users_even_in_their_own_agency()
    {
        await using var connection = await AppRoleSql.OpenAsync(_database.AppConnectionString, _tenants.A.Collaborateur);

        var state = await AppRoleSql.RefusalAsync(connection, """
            insert into users (id, nom_complet, organisation_id, client_id, role, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            values (gen_random_uuid(), 'Intrus', @org, @agence, 'collaborateur_agence', true, false, false, true, 0)
            """, ("org", _tenants.A.OrganisationId), ("agence", _tenants.A.AgenceId));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, state);
    }

    [Fact]
    public async Task A_director_cannot_attach_a_director_to_an_agency()
    {
        await using var connection = await AppRoleSql.OpenAsync(_database.AppConnectionString, _tenants.A.Directeur);

        var state = await AppRoleSql.RefusalAsync(connection, """
            insert into users (id, nom_complet, organisation_id, client_id, role, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            values (gen_random_uuid(), 'Mauvais rôle', @org, @agence, 'directeur_reseau', true, false, false, true, 0)
            """, ("org", _tenants.A.OrganisationId), ("agence", _tenants.A.AgenceId));

        Assert.Equal(PostgresErrorCodes.CheckViolation, state);
    }

    [Fact]
    public async Task A_director_renames_the_network_but_cannot_delete_it()
    {
        await using var connection = await AppRoleSql.OpenAsync(_database.AppConnectionString, _tenants.A.Directeur);

        var renamed = await AppRoleSql.ExecuteAsync(connection, "update reseaux set reseau_nom = 'Nouveau nom' where reseau_id = @id", ("id", _tenants.A.ReseauId));
        var deleted = await AppRoleSql.ExecuteAsync(connection, "delete from reseaux where reseau_id = @id", ("id", _tenants.A.ReseauId));

        Assert.Equal(1, renamed);
        Assert.Equal(0, deleted);
        Assert.Equal(1, await _database.QueryAsOwnerAsync<long>($"select count(*) from reseaux where reseau_id = '{_tenants.A.ReseauId}'"));
    }

    private async Task<string> RoleOfAsync(Guid id) => await _database.QueryAsOwnerAsync<string>($"select role from users where id = '{id}'");
}
