using Npgsql;
using Presenca.Data.Modeling;

namespace Presenca.Data.Tenancy;

/// <summary>
/// Writes the caller into the PostgreSQL settings that the row-level security policies read
/// (<c>presenca.user_id</c>, <c>presenca.organisation_id</c>, <c>presenca.client_id</c>,
/// <c>presenca.role</c>, <c>presenca.sign_in</c>). Empty text means "unknown" to the policies.
/// </summary>
public static class CallerSession
{
    private const string Sql = """
        select set_config('presenca.user_id', $1, false),
               set_config('presenca.organisation_id', $2, false),
               set_config('presenca.client_id', $3, false),
               set_config('presenca.role', $4, false),
               set_config('presenca.sign_in', $5, false)
        """;

    public static void Apply(NpgsqlConnection connection, Caller caller)
    {
        using var command = Build(connection, caller);
        command.ExecuteNonQuery();
    }

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
