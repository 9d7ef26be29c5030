using Npgsql;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// The database identity of a demo user, for tests that talk to PostgreSQL as that user with the
/// app's own filters switched off (row-level security alone).
/// </summary>
public static class DemoCallers
{
    public static async Task<Caller> OfAsync(PresencaWebFactory factory, string email, UserRole role)
    {
        // The factory seeds the demo when its app starts.
        _ = factory.Server;
        await using var connection = new NpgsqlConnection(factory.Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, organisation_id, client_id from users where normalized_email = upper($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = email });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no demo user {email}");
        return new Caller(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), role);
    }
}
