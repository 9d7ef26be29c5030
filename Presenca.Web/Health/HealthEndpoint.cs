using Presenca.Data;
using Presenca.Data.Migrations;

namespace Presenca.Web.Health;

/// <summary>
/// <c>/health</c>: 200 only when PostgreSQL answers (as the app role) and every migration file is
/// applied; 503 with the reason otherwise. Load balancers and run.sh wait on it.
/// </summary>
public static class HealthEndpoint
{
    public static void MapHealthEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/health", CheckAsync).AllowAnonymous();

    private static async Task<IResult> CheckAsync(PresencaDatabase database, ILogger<PresencaDatabase> logger, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            var applied = await MigrationRunner.ReadJournalAsync(connection, cancellationToken);
            var pending = MigrationRunner.FindPending(MigrationScript.Shipped, applied);
            return pending.Count == 0
                ? TypedResults.Text("ok")
                : TypedResults.Text($"migrations en attente : {string.Join(", ", pending.Select(p => p.FileName))}", statusCode: 503);
        }
        catch (MigrationException error)
        {
            // The database is reachable but its schema is not what the files say: say which file.
            logger.LogWarning("Health check failed: {Reason}", error.Message);
            return TypedResults.Text(error.Message, statusCode: 503);
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Health check failed: {Reason}", error.Message);
            return TypedResults.Text("base de données indisponible", statusCode: 503);
        }
    }
}
