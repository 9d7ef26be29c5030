using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Migrations;

/// <summary>
/// migrations/*.sql and the EF model are written by hand, separately (no EF Design package here):
/// this proves they describe the same tables, columns, types and nullability.
/// </summary>
public sealed class SchemaDriftTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Every_mapped_column_exists_in_the_migrated_schema_with_the_same_type_and_nullability()
    {
        await using var context = _database.Database.CreateContext(Caller.Anonymous);
        var live = await ReadLiveColumnsAsync();
        var problems = new List<string>();

        foreach (var table in context.Model.GetRelationalModel().Tables)
        {
            if (!live.TryGetValue(table.Name, out var liveColumns))
            {
                problems.Add($"table {table.Name} is mapped but missing from the database");
                continue;
            }

            foreach (var column in table.Columns)
            {
                if (!liveColumns.TryGetValue(column.Name, out var liveColumn))
                {
                    problems.Add($"{table.Name}.{column.Name} is mapped but missing");
                    continue;
                }

                if (Normalise(column.StoreType) != liveColumn.Type)
                {
                    problems.Add($"{table.Name}.{column.Name}: model {column.StoreType}, database {liveColumn.Type}");
                }

                if (column.IsNullable != liveColumn.Nullable)
                {
                    problems.Add($"{table.Name}.{column.Name}: model nullable={column.IsNullable}, database nullable={liveColumn.Nullable}");
                }
            }

            foreach (var extra in liveColumns.Keys.Except(table.Columns.Select(c => c.Name)))
            {
                problems.Add($"{table.Name}.{extra} exists in the database but not in the model");
            }
        }

        Assert.Empty(problems);
    }

    // PostgreSQL marks no view column NOT NULL, so views are compared by name and type only.
    [Fact]
    public async Task Every_mapped_view_exists_with_the_same_columns_and_types()
    {
        await using var context = _database.Database.CreateContext(Caller.Anonymous);
        var live = await ReadLiveColumnsAsync();
        var problems = new List<string>();
        var views = context.Model.GetRelationalModel().Views.ToList();

        foreach (var view in views)
        {
            if (!live.TryGetValue(view.Name, out var liveColumns))
            {
                problems.Add($"view {view.Name} is mapped but missing from the database");
                continue;
            }

            foreach (var column in view.Columns)
            {
                if (!liveColumns.TryGetValue(column.Name, out var liveColumn))
                {
                    problems.Add($"{view.Name}.{column.Name} is mapped but missing");
                }
                else if (Normalise(column.StoreType) != liveColumn.Type)
                {
                    problems.Add($"{view.Name}.{column.Name}: model {column.StoreType}, database {liveColumn.Type}");
                }
            }

            foreach (var extra in liveColumns.Keys.Except(view.Columns.Select(c => c.Name)))
            {
                problems.Add($"{view.Name}.{extra} exists in the database but not in the model");
            }
        }

        Assert.Empty(problems);
        Assert.Contains(views, v => v.Name == "campaign_analytics");
    }

    [Fact]
    public async Task Analytics_views_read_as_their_caller_so_row_level_security_applies()
    {
        var withoutInvoker = await _database.QueryAsOwnerAsync<string>("""
            select coalesce(string_agg(c.relname, ', '), '') from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind = 'v'
              and not coalesce('security_invoker=true' = any (c.reloptions), false)
            """);

        Assert.Equal("", withoutInvoker);
    }

    private async Task<Dictionary<string, Dictionary<string, (string Type, bool Nullable)>>> ReadLiveColumnsAsync()
    {
        var tables = new Dictionary<string, Dictionary<string, (string, bool)>>();
        await using var connection = new NpgsqlConnection(_database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select c.relname, a.attname, format_type(a.atttypid, a.atttypmod), not a.attnotnull
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'v', 'p') and a.attnum > 0 and not a.attisdropped
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var table = reader.GetString(0);
            if (!tables.TryGetValue(table, out var columns))
            {
                tables[table] = columns = [];
            }

            columns[reader.GetString(1)] = (reader.GetString(2), reader.GetBoolean(3));
        }

        return tables;
    }

    // EF and PostgreSQL spell a few types differently.
    private static string Normalise(string storeType) => storeType switch
    {
        "timestamptz" => "timestamp with time zone",
        "timestamp" => "timestamp without time zone",
        "varchar" => "character varying",
        "int" or "int4" => "integer",
        "int8" => "bigint",
        "bool" => "boolean",
        _ when storeType.StartsWith("varchar(", StringComparison.Ordinal) => "character varying" + storeType["varchar".Length..],
        _ => storeType,
    };
}
