using Npgsql;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// The app's relay LISTENs in the background once the app has started; a NOTIFY sent before
/// that reaches nobody. Tests wait until the database sees the listener.
/// </summary>
public static class LiveRelay
{
    public static Task WaitForListenerAsync(TestDatabase database) => WaitForListenersAsync(database, 1);

    /// <summary>Until <paramref name="count"/> relays (one per app instance) LISTEN on the database.</summary>
    public static async Task WaitForListenersAsync(TestDatabase database, int count)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = $1 and query ilike 'listen %'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database.Name });
        await Eventually.UntilAsync(
            async () => (long)(await command.ExecuteScalarAsync())! >= count,
            $"{count} live relay(s) listening on {database.Name}", TimeSpan.FromSeconds(20));
    }

    /// <summary>What the pipeline announces for a campaign whose row the test just changed.</summary>
    public static string Announce(Guid campaign) =>
        $"select pg_notify('campaign_progress', campaign_progress_payload(c)) from email_campaigns c where c.id = '{campaign}';";
}
