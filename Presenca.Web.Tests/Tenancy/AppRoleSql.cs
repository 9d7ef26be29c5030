using Npgsql;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>Raw SQL on the app role's own login, with the caller set the way the data layer sets it.</summary>
public static class AppRoleSql
{
    public static async Task<NpgsqlConnection> OpenAsync(string appConnectionString, Caller caller)
    {
        // Unpooled: a test's identity must not survive into another test's connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(appConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await CallerSession.ApplyAsync(connection, caller, CancellationToken.None);
        return connection;
    }

    public static async Task<long> CountAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a statement that must be refused; returns the SQLSTATE it was refused with.</summary>
    public static async Task<string> RefusalAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, sql, parameters));
        return error.SqlState;
    }
}
