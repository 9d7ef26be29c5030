using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// Read from PostgreSQL's catalog, so a table added by any later migration is covered without
/// anyone remembering to list it here.
/// </summary>
public sealed class RowLevelSecurityCatalogTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Every_table_with_an_organisation_id_has_row_level_security_enabled_and_forced()
    {
        var unprotected = await _database.QueryAsOwnerAsync<string>("""
            select coalesce(string_agg(c.relname || case when not c.relrowsecurity then ' (not enabled)' else ' (not forced)' end, ', '), '')
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p')
              and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organisation_id' and not a.attisdropped)
              and not (c.relrowsecurity and c.relforcerowsecurity)
            """);
        var covered = await _database.QueryAsOwnerAsync<long>("""
            select count(*) from information_schema.columns where table_schema = 'public' and column_name = 'organisation_id'
            """);

        Assert.Equal("", unprotected);
        Assert.True(covered >= 7, $"only {covered} tenant tables found: the catalog query looks at the wrong place");
    }

    [Fact]
    public async Task Every_table_with_row_level_security_has_at_least_one_policy()
    {
        var withoutPolicy = await _database.QueryAsOwnerAsync<string>("""
            select coalesce(string_agg(c.relname, ', '), '') from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relrowsecurity
              and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
            """);

        Assert.Equal("", withoutPolicy);
    }

    [Fact]
    public async Task The_app_role_is_no_superuser_cannot_bypass_row_level_security_and_owns_nothing()
    {
        var role = await _database.QueryAsOwnerAsync<string>(
            "select rolsuper::text || ',' || rolbypassrls::text from pg_roles where rolname = 'presenca_app'");
        var owned = await _database.QueryAsOwnerAsync<string>("""
            select coalesce(string_agg(c.relname, ', '), '') from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relowner = (select oid from pg_roles where rolname = 'presenca_app')
            """);
        var ownedFunctions = await _database.QueryAsOwnerAsync<long>("""
            select count(*) from pg_proc where proowner = (select oid from pg_roles where rolname = 'presenca_app')
            """);

        Assert.Equal("false,false", role);
        Assert.Equal("", owned);
        Assert.Equal(0, ownedFunctions);
    }

    [Fact]
    public async Task The_caller_helpers_are_security_definer_with_a_pinned_search_path_and_not_executable_by_public()
    {
        var loose = await _database.QueryAsOwnerAsync<string>("""
            select coalesce(string_agg(p.proname, ', '), '') from pg_proc p
            join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public'
              and p.proname in ('get_user_id', 'get_user_role', 'get_user_organisation_id', 'get_user_client_id',
                                'is_admin_presenca', 'visible_client_ids', 'get_user_reseau_id')
              and (not p.prosecdef
                   or not exists (select 1 from unnest(p.proconfig) s where s like 'search_path=%')
                   or has_function_privilege('public', p.oid, 'execute'))
            """);
        var helpers = await _database.QueryAsOwnerAsync<long>(
            "select count(*) from pg_proc where proname in ('get_user_id', 'is_admin_presenca', 'visible_client_ids')");

        Assert.Equal("", loose);
        Assert.Equal(3, helpers);
    }
}
