using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

public sealed class AuditTrailDatabaseTests : TwoTenantsDatabaseTests
{
    [Fact]
    public async Task A_change_made_through_the_app_is_recorded_by_trigger_with_its_author_and_the_changed_field_names_only()
    {
        await using (var db = Database.Database.CreateContext(Tenants.A.Directeur))
        {
            var agence = await db.ReseauAgences.SingleAsync(a => a.ReseauAgenceId == Tenants.A.AgenceId);
            agence.AgenceNom = "Agence renommée secrète";
            await db.SaveChangesAsync();
        }

        await using var reader = Database.Database.CreateContext(Tenants.A.Directeur);
        var entry = await reader.AuditTrail
            .Where(e => e.TableName == "reseau_agence" && e.Action == "update" && e.RowId == Tenants.A.AgenceId.ToString())
            .SingleAsync();

        Assert.Equal(Tenants.A.DirecteurId, entry.ChangedBy);
        Assert.Equal(["agence_nom"], entry.ChangedFields);
        Assert.Equal(Tenants.A.OrganisationId, entry.OrganisationId);
        var values = await Database.QueryAsOwnerAsync<long>("select count(*) from audit_trail where audit_trail::text like '%secrète%'");
        Assert.Equal(0, values);
    }

    [Fact]
    public async Task A_director_reads_the_trail_of_the_network_and_not_of_another_organisation()
    {
        await using var db = Database.Database.CreateContext(Tenants.A.Directeur);
        var organisations = await db.AuditTrail.Select(e => e.OrganisationId).Distinct().ToListAsync();

        Assert.Equal([Tenants.A.OrganisationId], organisations);
    }

    [Fact]
    public async Task Agency_staff_read_no_audit_trail()
    {
        await using var db = Database.Database.CreateContext(Tenants.A.Collaborateur);

        Assert.Equal(0, await db.AuditTrail.CountAsync());
        Assert.True(await Database.QueryAsOwnerAsync<long>(
            $"select count(*) from audit_trail where client_id = '{Tenants.A.AgenceId}'") > 0);
    }

    [Theory]
    [InlineData("insert into audit_trail (table_name, row_id, action) values ('users', 'x', 'insert')")]
    [InlineData("update audit_trail set changed_fields = '{}'")]
    [InlineData("delete from audit_trail")]
    [InlineData("truncate audit_trail")]
    public async Task The_app_role_cannot_write_the_audit_trail_even_as_admin(string sql)
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Caller.System(Guid.NewGuid()));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, await AppRoleSql.RefusalAsync(connection, sql));
    }
}
