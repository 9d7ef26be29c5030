using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Presenca.Data.Migrations;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// The throwaway cluster bench/pipeline.sh and bench/events.sh start (its three logins in the
/// environment), a freshly migrated database on it, and the one-statement helpers the
/// benchmarks read and seed it with.
/// </summary>
internal static class BenchPostgres
{
    public static string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value : throw new InvalidOperationException($"{name} is not set (run the benchmark through bench/pipeline.sh or bench/events.sh).");

    /// <summary>The superuser on the maintenance database: creates databases, and sees every session's query.</summary>
    public static string Admin => For(Env("PRESENCA_BENCH_POSTGRES_ADMIN"), "postgres");

    public static string Owner(string database) => For(Env("PRESENCA_BENCH_POSTGRES_OWNER"), database);

    public static string App(string database) => For(Env("PRESENCA_BENCH_POSTGRES_APP"), database);

    /// <summary>Drops <paramref name="database"/> if a previous run left it, creates it again and applies every migration.</summary>
    public static async Task RecreateAsync(string database)
    {
        await ExecuteAsync(Admin, $"drop database if exists {database} with (force)");
        await ExecuteAsync(Admin, $"create database {database} owner presenca_owner");
        await using var source = NpgsqlDataSource.Create(Owner(database));
        await new MigrationRunner(source, MigrationScript.Shipped, NullLogger.Instance).MigrateAsync();
    }

    // No statement timeout: seeding a million rows is the benchmark's own work, not a hang.
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string For(string login, string database) => BenchSettings.ForDatabase(login, database);
}
