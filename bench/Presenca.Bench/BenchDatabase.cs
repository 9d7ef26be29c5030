using Npgsql;

namespace Presenca.Bench;

/// <summary>An empty database owned by presenca_owner, dropped when disposed.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly BenchSettings _settings;

    private BenchDatabase(BenchSettings settings, string name)
    {
        _settings = settings;
        Name = name;
    }

    public string Name { get; }

    public string OwnerConnectionString => BenchSettings.ForDatabase(_settings.OwnerLogin, Name);

    public string AppConnectionString => BenchSettings.ForDatabase(_settings.AppLogin, Name);

    public static async Task<BenchDatabase> CreateEmptyAsync(BenchSettings settings)
    {
        var name = $"presenca_bench_{Guid.NewGuid():N}";
        await ExecuteAsAdminAsync(settings, $"create database {name} template template0 owner presenca_owner");
        return new BenchDatabase(settings, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsAdminAsync(_settings, $"drop database if exists {Name} with (force)");
    }

    private static async Task ExecuteAsAdminAsync(BenchSettings settings, string sql)
    {
        await using var connection = new NpgsqlConnection(BenchSettings.ForDatabase(settings.AdminLogin, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
