using Npgsql;
using Presenca.Data.Modeling;

namespace Presenca.Data.Tenancy;

/// <summary>
/// Writes the caller into the PostgreSQL settings that the row-level security policies read
/// (<c>presenca.user_id</c>, <c>presenca.organisation_id</c>, <c>presenca.client_id</c>,
/// <c>presenca.role</c>, <c>presenca.sign_in</c>), local to the current transaction. Empty text
/// means "unknown" to the policies.
/// </summary>
/// <remarks>
/// Transaction-local (<c>set_config(..., true)</c>) so that nothing survives the transaction:
/// a pooled connection can never carry one request's identity into the next one, whatever path
/// the connection took back to the pool. The price is that every statement needs a transaction
/// that carries the identity; <see cref="CallerCommandInterceptor"/> and
/// <see cref="CallerTransactionInterceptor"/> give EF's statements one, and raw Npgsql work
/// begins its own with <see cref="BeginTransactionAsync"/>.
/// </remarks>
public static class CallerSession
{
    private const string Sql = """
        select set_config('presenca.user_id', $1, true),
               set_config('presenca.organisation_id', $2, true),
               set_config('presenca.client_id', $3, true),
               set_config('presenca.role', $4, true),
               set_config('presenca.sign_in', $5, true)
        """;

    /// <summary>Begins a transaction on an open connection and sets the caller for its duration.</summary>
    public static async Task<NpgsqlTransaction> BeginTransactionAsync(NpgsqlConnection connection, Caller caller, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ApplyAsync(connection, caller, cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sets the caller for the transaction in progress on <paramref name="connection"/>.</summary>
    public static void Apply(NpgsqlConnection connection, Caller caller)
    {
        using var command = Build(connection, caller);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc cref="Apply"/>
    public static async Task ApplyAsync(NpgsqlConnection connection, Caller caller, CancellationToken cancellationToken)
    {
        await using var command = Build(connection, caller);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Build(NpgsqlConnection connection, Caller caller)
    {
        var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = caller.UserId?.ToString() ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.OrganisationId?.ToString() ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.ClientId?.ToString() ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.Role is { } role ? SnakeCaseEnumConverter<UserRole>.ToText(role) : "" });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.SigningInUserName ?? "" });
        return command;
    }
}
