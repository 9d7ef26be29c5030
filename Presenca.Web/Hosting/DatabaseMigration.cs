using Npgsql;
using Presenca.Data.Migrations;

namespace Presenca.Web.Hosting;

/// <summary>Applies migrations/ with the owner login, at start-up or from the <c>migrate</c> command.</summary>
public static class DatabaseMigration
{
    public static async Task<IReadOnlyList<string>> MigrateAsync(ConnectionStrings connections, ILogger<MigrationRunner> logger)
    {
        await using var owner = NpgsqlDataSource.Create(connections.Owner);
        var runner = new MigrationRunner(owner, MigrationScript.Shipped, logger);
        return await runner.MigrateAsync();
    }
}
