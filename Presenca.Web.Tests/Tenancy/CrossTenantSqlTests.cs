using Npgsql;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// Bypasses the application entirely: raw SQL on the app role, as a user of tenant A, against
/// every table that carries an organisation_id (read from the catalog, so later tables are
/// covered too). Row-level security alone must keep tenant B out of reach.
/// </summary>
public sealed class CrossTenantSqlTests : TwoTenantsDatabaseTests
{
    // Tables this migration set fills for both tenants: each must really hold B rows, or the
    // checks below would pass on empty tables.
    private static readonly string[] SeededTables = ["organisations", "clients", "reseaux", "reseau_agence", "agence_independante", "users", "audit_trail"];

    public static TheoryData<string> TenantACallers => new() { "directeur", "collaborateur" };

    [Theory]
    [MemberData(nameof(TenantACallers))]
    public async Task Tenant_A_reads_none_of_tenant_B_rows_in_any_tenant_table(string who)
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, CallerOf(who));
        var leaks = new List<string>();
        foreach (var table in await TenantTablesAsync())
        {
            var seen = await AppRoleSql.CountAsync(connection, $"select count(*) from {table} where organisation_id = @b", ("b", Tenants.B.OrganisationId));
            if (seen != 0)
            {
                leaks.Add($"{table}: {seen}");
            }
        }

        Assert.Empty(leaks);
        await AssertBRowsExistAsync();
    }

    [Theory]
    [MemberData(nameof(TenantACallers))]
    public async Task Tenant_A_updates_and_deletes_none_of_tenant_B_rows(string who)
    {
        var before = await CountBRowsAsOwnerAsync();
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, CallerOf(who));
        var touched = new List<string>();
        foreach (var table in await TenantTablesAsync())
        {
            foreach (var sql in new[]
                     {
                         $"update {table} set organisation_id = organisation_id where organisation_id = @b",
                         $"delete from {table} where organisation_id = @b",
                     })
            {
                try
                {
                    var rows = await AppRoleSql.ExecuteAsync(connection, sql, ("b", Tenants.B.OrganisationId));
                    if (rows != 0)
                    {
                        touched.Add($"{sql}: {rows}");
                    }
                }
                catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    // No privilege at all on that table (audit_trail): refused, which is also zero rows.
                }
            }
        }

        Assert.Empty(touched);
        Assert.Equal(before, await CountBRowsAsOwnerAsync());
    }

    [Theory]
    [MemberData(nameof(TenantACallers))]
    public async Task Tenant_A_cannot_insert_a_row_into_tenant_B_organisation(string who)
    {
        var before = await CountBRowsAsOwnerAsync();
        var accepted = new List<string>();
        var tried = new List<string>();
        foreach (var table in await TenantTablesAsync())
        {
            // A real B row, given a fresh primary key: everything about it says "organisation B".
            var row = await Database.QueryAsOwnerAsync<string?>(
                $"select to_jsonb(t)::text from {table} t where organisation_id = '{Tenants.B.OrganisationId}' limit 1");
            if (row is null)
            {
                continue;
            }

            var columns = await InsertableColumnsAsync(table);
            var fresh = await FreshKeyAsync(table, row);
            var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
            await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, CallerOf(who));
            try
            {
                await AppRoleSql.ExecuteAsync(connection,
                    $"insert into {table} ({list}) select {list} from jsonb_populate_record(null::{table}, @row::jsonb)", ("row", fresh));
                accepted.Add(table);
            }
            catch (PostgresException refused)
            {
                // Refused for the right reason: a privilege or a policy, not a malformed test row.
                Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{table}: {refused.SqlState} {refused.MessageText}");
            }

            tried.Add(table);
        }

        Assert.Empty(accepted);
        Assert.Subset(tried.ToHashSet(), SeededTables.ToHashSet());
        Assert.Equal(before, await CountBRowsAsOwnerAsync());
    }

    [Fact]
    public async Task Without_an_identity_every_table_under_row_level_security_reads_empty()
    {
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString, Caller.Anonymous);
        var visible = new List<string>();
        foreach (var table in await TablesUnderRowLevelSecurityAsync())
        {
            var seen = await AppRoleSql.CountAsync(connection, $"select count(*) from {table}");
            if (seen != 0)
            {
                visible.Add($"{table}: {seen}");
            }
        }

        Assert.Empty(visible);
        await AssertBRowsExistAsync();
    }

    [Fact]
    public async Task A_half_set_identity_without_user_and_role_reads_empty()
    {
        // Only an organisation, as a bug that forgot the rest would leave it.
        await using var connection = await AppRoleSql.OpenAsync(Database.AppConnectionString,
            new Caller(null, Tenants.A.OrganisationId, Tenants.A.ReseauId, null));
        var seen = await AppRoleSql.CountAsync(connection, "select (select count(*) from clients) + (select count(*) from users) + (select count(*) from reseaux)");

        Assert.Equal(0, seen);
    }

    private Caller CallerOf(string who) => who == "directeur" ? Tenants.A.Directeur : Tenants.A.Collaborateur;

    private async Task AssertBRowsExistAsync()
    {
        foreach (var table in SeededTables)
        {
            var rows = await Database.QueryAsOwnerAsync<long>($"select count(*) from {table} where organisation_id = '{Tenants.B.OrganisationId}'");
            Assert.True(rows > 0, $"{table} holds no row of tenant B: the test proves nothing about it");
        }
    }

    private async Task<string> CountBRowsAsOwnerAsync()
    {
        var counts = new List<string>();
        foreach (var table in await TenantTablesAsync())
        {
            counts.Add($"{table}={await Database.QueryAsOwnerAsync<long>($"select count(*) from {table} where organisation_id = '{Tenants.B.OrganisationId}'")}");
        }

        return string.Join(" ", counts);
    }

    private async Task<List<string>> TenantTablesAsync() => await ListAsync("""
        select c.table_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'organisation_id' and t.table_type = 'BASE TABLE'
        order by 1
        """);

    private async Task<List<string>> TablesUnderRowLevelSecurityAsync() => await ListAsync("""
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity order by 1
        """);

    private async Task<List<string>> InsertableColumnsAsync(string table) => await ListAsync($"""
        select column_name from information_schema.columns
        where table_schema = 'public' and table_name = '{table}' and is_identity = 'NO' and is_generated = 'NEVER'
        order by ordinal_position
        """);

    private async Task<string> FreshKeyAsync(string table, string row)
    {
        var keys = await ListAsync($"""
            select a.attname from pg_index i
            join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
            where i.indrelid = 'public.{table}'::regclass and i.indisprimary and a.atttypid = 'uuid'::regtype
            """);
        var json = System.Text.Json.Nodes.JsonNode.Parse(row)!.AsObject();
        foreach (var key in keys)
        {
            json[key] = Guid.NewGuid().ToString();
        }

        return json.ToJsonString();
    }

    private async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
