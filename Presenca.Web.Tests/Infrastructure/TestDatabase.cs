using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Migrations;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// A database of its own for one test class, cloned from a template migrated once per run, so
/// tests never see each other's data. Dropped when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;

    private TestDatabase(string name)
    {
        Name = name;
        OwnerConnectionString = TestPostgres.ForDatabase(TestPostgres.Owner, name);
        AppConnectionString = TestPostgres.ForDatabase(TestPostgres.App, name);
        Database = new PresencaDatabase(AppConnectionString);
    }

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string AppConnectionString { get; }

    /// <summary>The app's own handle (app role, row-level security on).</summary>
    public PresencaDatabase Database { get; }

    /// <summary>A migrated database.</summary>
    public static async Task<TestDatabase> CreateAsync() => await CreateFromAsync(await MigratedTemplateAsync());

    /// <summary>A database with no schema at all, for tests of the migration runner itself.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync() => await CreateFromAsync("template0");

    private static async Task<TestDatabase> CreateFromAsync(string template)
    {
        var name = $"presenca_t_{Guid.NewGuid():N}";
        await ExecuteAsAdminAsync($"create database {name} template {template} owner presenca_owner");
        return new TestDatabase(name);
    }

    private static async Task<string> MigratedTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }

            var name = $"presenca_template_{Guid.NewGuid():N}";
            await ExecuteAsAdminAsync($"create database {name} owner presenca_owner");
            var connectionString = TestPostgres.ForDatabase(TestPostgres.Owner, name);
            await using (var owner = NpgsqlDataSource.Create(connectionString))
            {
                var scripts = MigrationScript.Shipped;
                await new MigrationRunner(owner, scripts, NullLogger.Instance).MigrateAsync();
            }

            // CREATE DATABASE ... TEMPLATE needs the template to have no open connection.
            NpgsqlConnection.ClearAllPools();
            _template = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public async Task<T> QueryAsOwnerAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsOwnerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsAdminAsync($"drop database if exists {Name} with (force)");
    }

    private static async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
