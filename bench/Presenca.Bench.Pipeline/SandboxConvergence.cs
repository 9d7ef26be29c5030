using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Connexions.Secrets;
using Presenca.Web.Campaigns.Pipeline;
using static Presenca.Bench.Pipeline.BenchPostgres;

namespace Presenca.Bench.Pipeline;

public static partial class PipelineBench
{
    /// <summary>
    /// MODE=sandbox (issue 12 §6): the demo's send. One process of the real app sends a campaign of
    /// <paramref name="recipients"/> through the sandbox at the product's rate limit (no Brevo
    /// connexion; the sandbox plays each recipient's events over a few seconds into the inbox,
    /// which the same process applies while it sends). Prints when the last batch left, and how
    /// long after it the campaign's delivered and bounced counts covered every recipient (the goal:
    /// within a minute) and the inbox was empty.
    /// </summary>
    public static async Task SandboxConvergenceAsync(int recipients)
    {
        await RecreateAsync(Database);
        var owner = Owner(Database);
        var app = App(Database);
        var (organisationId, clientId) = await BenchAgencyAsync(owner);
        await AddContactsAsync(owner, organisationId, clientId, recipients);

        await using var keyRing = KeyRing(app, owner);
        await using var database = new PresencaDatabase(app, keyRing.GetRequiredService<ISecretProtector>());

        var campaign = Guid.NewGuid();
        await ExecuteAsync(owner, $$$"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content)
            values ('{{{campaign}}}', '{{{organisationId}}}', '{{{clientId}}}', 'Démo', 'Bonjour {{organisation}}', '<p>Bonjour {{email}}</p>');
            """);

        var worker = StartWorker(new NpgsqlConnectionStringBuilder(app) { ApplicationName = WorkerApplicationName }.ConnectionString, owner, brevo: null);
        try
        {
            await WaitForWorkersAsync(owner, 1);
            var starter = Starter(database, new PipelineOptions { SandboxWithoutConnexion = true });
            var clock = Stopwatch.StartNew();
            var start = await starter.StartAsync(campaign, CancellationToken.None);
            if (!start.Started)
            {
                throw new InvalidOperationException($"The campaign did not start: {start.Refusal}");
            }

            TimeSpan? lastBatch = null, counted = null;
            long largestBacklog = 0;
            while (true)
            {
                var (status, covered, backlog) = await ReadConvergenceAsync(owner, campaign);
                largestBacklog = Math.Max(largestBacklog, backlog);
                lastBatch ??= status == "sent" ? clock.Elapsed : null;
                counted ??= lastBatch is not null && covered >= recipients ? clock.Elapsed : null;
                if (counted is not null && backlog == 0)
                {
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(20))
                {
                    throw new TimeoutException($"Not converged after 20 minutes: status {status}, {covered} of {recipients} delivered or bounced, {backlog} events in the inbox.");
                }

                await Task.Delay(200);
            }

            var emptied = clock.Elapsed;
            var delivered = await ScalarAsync<int>(owner, $"select delivered_count from email_campaigns where id = '{campaign}'");
            Console.WriteLine($"Sandbox send of {recipients:N0} recipients, one app process, the product's rate limit; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine($"| Last batch sent | {lastBatch!.Value.TotalSeconds:0.0} s after the start |");
            Console.WriteLine($"| Every recipient delivered or bounced on the campaign's counters | {(counted!.Value - lastBatch.Value).TotalSeconds:0.0} s after the last batch (goal ≤ 60 s) |");
            Console.WriteLine($"| Inbox empty (opens included) | {(emptied - lastBatch.Value).TotalSeconds:0.0} s after the last batch; largest backlog {largestBacklog:N0} events |");
            Console.WriteLine($"| Delivered | {delivered:N0} |");
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    private static async Task<(string Status, long Covered, long Backlog)> ReadConvergenceAsync(string owner, Guid campaign)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select status, (delivered_count + bounced_count)::bigint, (select count(*) from email_event_inbox)
            from email_campaigns where id = '{campaign}'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
