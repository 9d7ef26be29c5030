using Microsoft.Extensions.Logging;
using Npgsql;

namespace Presenca.Data.Migrations;

/// <summary>
/// Applies <c>migrations/*.sql</c> in name order, each once and in its own transaction, and
/// journals version, checksum and time in <c>schema_migrations</c>. An advisory lock makes
/// several instances starting together apply each file exactly once; a file edited after it was
/// applied stops everything, because the database no longer says what the file says.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource ownerDataSource, IReadOnlyList<MigrationScript> scripts, ILogger logger)
{
    // Arbitrary but fixed: every Presenca instance must take the same lock.
    private const long AdvisoryLockKey = 0x5072_6573_656E_6361;

    private const string CreateJournalSql = """
        create table if not exists schema_migrations (
          version    text primary key,
          file_name  text not null,
          checksum   text not null,
          applied_at timestamptz not null default now()
        )
        """;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ownerDataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, CreateJournalSql, cancellationToken);
            var applied = await ReadJournalAsync(connection, cancellationToken);
            var pending = FindPending(scripts, applied);
            foreach (var script in pending)
            {
                await ApplyAsync(connection, script, cancellationToken);
            }

            return pending.Select(s => s.FileName).ToList();
        }
        finally
        {
            await ExecuteAsync(connection, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Files not applied yet, after checking the applied ones were not changed.</summary>
    public static IReadOnlyList<MigrationScript> FindPending(
        IReadOnlyList<MigrationScript> scripts, IReadOnlyDictionary<string, string> appliedChecksums)
    {
        foreach (var (version, checksum) in appliedChecksums)
        {
            var script = scripts.FirstOrDefault(s => s.Version == version)
                ?? throw new MigrationException(
                    $"La migration {version} est appliquée mais son fichier a disparu de migrations/. / Applied migration {version} has no file.");
            if (script.Checksum != checksum)
            {
                throw new MigrationException(
                    $"La migration {script.FileName} a été modifiée après son application : écrivez une nouvelle migration au lieu de la corriger. / Migration {script.FileName} was changed after it was applied.");
            }
        }

        return scripts.Where(s => !appliedChecksums.ContainsKey(s.Version)).ToList();
    }

    /// <summary>Read with any role that may select the journal (the app role may: /health uses it).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadJournalAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var journal = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var exists = new NpgsqlCommand("select to_regclass('schema_migrations') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return journal;
        }

        await using var command = new NpgsqlCommand("select version, checksum from schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            journal[reader.GetString(0)] = reader.GetString(1);
        }

        return journal;
    }

    private async Task ApplyAsync(NpgsqlConnection connection, MigrationScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var journal = new NpgsqlCommand(
                "insert into schema_migrations (version, file_name, checksum) values ($1, $2, $3)", connection, transaction))
            {
                journal.Parameters.Add(new NpgsqlParameter { Value = script.Version });
                journal.Parameters.Add(new NpgsqlParameter { Value = script.FileName });
                journal.Parameters.Add(new NpgsqlParameter { Value = script.Checksum });
                await journal.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Migration {FileName} applied", script.FileName);
        }
        catch (PostgresException error)
        {
            throw new MigrationException(
                $"La migration {script.FileName} a échoué et n'a rien changé : {error.MessageText}. / Migration {script.FileName} failed.", error);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
