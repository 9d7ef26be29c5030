using Npgsql;
using Presenca.Data.Migrations;

namespace Presenca.Web.Hosting;

/// <summary>
/// <c>dotnet run --project Presenca.Web -- migrate</c>: apply migrations and exit. It runs before
/// the app's services are registered, so it needs nothing but the owner's connection (no master
/// key, no demo settings).
/// </summary>
public static class MigrateCommand
{
    public static bool IsRequested(string[] args) => args.FirstOrDefault() == "migrate";

    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
        try
        {
            var applied = await DatabaseMigration.MigrateAsync(
                ConnectionStrings.From(configuration), loggerFactory.CreateLogger<MigrationRunner>());
            Console.WriteLine(applied.Count == 0
                ? "Base à jour : aucune migration à appliquer."
                : $"Migrations appliquées : {string.Join(", ", applied)}");
            return 0;
        }
        catch (Exception error) when (error is MigrationException or NpgsqlException or InvalidOperationException)
        {
            // An operator's command: the reason and a failing exit code, not a crash dump.
            await Console.Error.WriteLineAsync(error is NpgsqlException
                ? $"PostgreSQL injoignable avec ConnectionStrings:PresencaOwner : {error.Message}"
                : error.Message);
            return 1;
        }
    }
}
