using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// A pooled connection carrying <see cref="PipelineCaller"/>, wiped back to "nobody" before it
/// returns to the pool (as <c>CallerSessionInterceptor</c> does for EF).
/// </summary>
public sealed class PipelineConnection : IAsyncDisposable
{
    private PipelineConnection(NpgsqlConnection connection) => Connection = connection;

    public NpgsqlConnection Connection { get; }

    public static async Task<PipelineConnection> OpenAsync(PresencaDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await CallerSession.ApplyAsync(connection, PipelineCaller.Caller, cancellationToken);
            return new PipelineConnection(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public NpgsqlCommand Command(string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, Connection);
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Connection.State == System.Data.ConnectionState.Open)
            {
                await CallerSession.ApplyAsync(Connection, Caller.Anonymous, CancellationToken.None);
            }
        }
        catch (NpgsqlException)
        {
            // A broken connection is discarded by the pool anyway.
        }

        await Connection.DisposeAsync();
    }
}
