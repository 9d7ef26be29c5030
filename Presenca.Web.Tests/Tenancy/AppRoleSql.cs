using Npgsql;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// Raw SQL on the app role's own login, each statement in a transaction of its own that carries
/// the caller the way the data layer sets it, committed when the statement succeeds.
/// </summary>
public static class AppRoleSql
{
    public static async Task<AppRoleConnection> OpenAsync(string appConnectionString, Caller caller)
    {
        // Unpooled: nothing of one test's connection can reach another test's.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(appConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return new AppRoleConnection(connection, caller);
    }

    public static async Task<long> CountAsync(AppRoleConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await connection.InTransactionAsync(sql, parameters, command => command.ExecuteScalarAsync()));

    public static Task<int> ExecuteAsync(AppRoleConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        connection.InTransactionAsync(sql, parameters, command => command.ExecuteNonQueryAsync());

    /// <summary>Runs a statement that must be refused; returns the SQLSTATE it was refused with.</summary>
    public static async Task<string> RefusalAsync(AppRoleConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql, parameters));
        return error.SqlState;
    }
}

public sealed class AppRoleConnection(NpgsqlConnection connection, Caller caller) : IAsyncDisposable
{
    public async Task<T> InTransactionAsync<T>(string sql, (string Name, object Value)[] parameters, Func<NpgsqlCommand, Task<T>> run)
    {
        await using var transaction = await CallerSession.BeginTransactionAsync(connection, caller, CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await run(command);
        await transaction.CommitAsync();
        return result;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
