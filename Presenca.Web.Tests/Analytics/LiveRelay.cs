using Npgsql;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// The app's relay LISTENs in the background once the app has started; a NOTIFY sent before
/// that reaches nobody. Tests wait until the database sees the listener.
/// </summary>
public static class LiveRelay
{
    public static async Task WaitForListenerAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = $1 and query ilike 'listen %'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database.Name });
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((long)(await command.ExecuteScalarAsync())! >= 1)
            {
                return;
            }

            // Polling a condition the database reports, not a guess at how long it takes.
            await Task.Delay(100);
        }

        throw new InvalidOperationException($"No live relay listens on {database.Name}.");
    }

    /// <summary>What the pipeline announces for a campaign whose row the test just changed.</summary>
    public static string Announce(Guid campaign) =>
        $"select pg_notify('campaign_progress', campaign_progress_payload(c)) from email_campaigns c where c.id = '{campaign}';";
}
