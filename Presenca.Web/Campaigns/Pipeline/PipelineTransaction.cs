using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// One unit of the pipeline's work: a pooled connection in a transaction that carries
/// <see cref="PipelineCaller"/>. Nothing is kept unless <see cref="CommitAsync"/> is called;
/// disposing rolls back and returns the connection to the pool with no identity.
/// </summary>
public sealed class PipelineTransaction : IAsyncDisposable
{
    private readonly NpgsqlTransaction _transaction;

    private PipelineTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        _transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }

    public static async Task<PipelineTransaction> BeginAsync(PresencaDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await CallerSession.BeginTransactionAsync(connection, PipelineCaller.Caller, cancellationToken);
            return new PipelineTransaction(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own and commits it; when PostgreSQL ends
    /// it as a deadlock's victim (a sender and the events' applier updating recipients' rows and
    /// counters at once), runs it again from the start, up to <see cref="DeadlockAttempts"/> times.
    /// The rolled-back attempt left nothing, so running it again is safe; without this, the batch
    /// waited for its lease to expire (two minutes) before anyone recorded what Brevo had accepted.
    /// </summary>
    public static async Task RunAsync(PresencaDatabase database, Func<PipelineTransaction, Task> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await BeginAsync(database, cancellationToken);
            try
            {
                await work(db);
                await db.CommitAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                                              && attempt < DeadlockAttempts)
            {
                // The victim's transaction is aborted: the next attempt begins a new one.
            }
        }
    }

    public const int DeadlockAttempts = 5;

    public NpgsqlCommand Command(string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, Connection, _transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
        }
        catch (NpgsqlException)
        {
            // A broken connection is discarded by the pool anyway.
        }

        await Connection.DisposeAsync();
    }
}
