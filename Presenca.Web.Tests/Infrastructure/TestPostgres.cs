using Npgsql;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL cluster that test.sh starts for this run, reached through the three logins it
/// exports: the superuser (creates databases), the owner (migrations) and the app role.
/// </summary>
public static class TestPostgres
{
    public static string Admin => Require("PRESENCA_TEST_POSTGRES_ADMIN");

    public static string Owner => Require("PRESENCA_TEST_POSTGRES_OWNER");

    public static string App => Require("PRESENCA_TEST_POSTGRES_APP");

    public static string ForDatabase(string login, string database) =>
        new NpgsqlConnectionStringBuilder(login) { Database = database }.ConnectionString;

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: run the tests through ./test.sh, which starts the PostgreSQL they need.");
}
