using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Presenca.Bench;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Connexions.Secrets;
using Presenca.Data.Migrations;
using Presenca.Data.Tenancy;
using Presenca.Web.Campaigns.Pipeline;
using static Presenca.Bench.Pipeline.BenchPostgres;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// Delivery events at campaign scale (issue 12 §6): a sent campaign of <c>recipients</c> rows, each
/// with its message id, and about 2.5 events per recipient (request, delivered or a hard bounce,
/// 35 % opens, 15 % clicks) posted to the running web app in Brevo's batched webhook form (JSON
/// arrays of 500), <c>SENDERS</c> calls at a time, or with <c>RATE</c> that many calls a second at a
/// fixed pace, whatever the previous calls are doing. Prints events/s applied (first call to an empty
/// inbox), the webhook's p50/p95, and the PostgreSQL sessions opened meanwhile (pg_stat_database)
/// with the most app backends seen at once.
/// </summary>
public static class EventsBench
{
    private const string Database = "presenca_bench_events";
    private const string Secret = "secret-webhook-bench-events";
    private const int EventsPerCall = 500;
    private static readonly Guid OrganisationId = Guid.Parse("0000b0b0-0000-0000-0000-0000000000e1");
    private static readonly Guid ClientId = Guid.Parse("0000b0b0-0000-0000-0000-0000000000e2");


    public static async Task RunAsync(int recipients, int workers)
    {
        var f = CultureInfo.InvariantCulture;
        await BenchPostgres.RecreateAsync(Database);
        var admin = BenchPostgres.Admin;
        var owner = BenchPostgres.Owner(Database);
        var app = BenchPostgres.App(Database);

        var (connexionId, campaign) = await SeedAsync(app, owner, recipients);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Presenca__MigrateOnStartup"] = "false",
            ["Presenca__SeedDemo"] = "false",
            ["Presenca__Campaigns__Pipeline__Enabled"] = "false",
        };
        await using var web = await WebAppProcess.StartAsync(BenchSettings.WebAssemblyPath(), app, owner, environment);
        var extra = Enumerable.Range(0, workers).Select(_ => StartWorker(app, owner)).ToList();

        var calls = Calls(recipients, campaign);
        var events = calls.Sum(c => c.Count);
        var sessionsBefore = await ScalarAsync<long>(admin, $"select sessions from pg_stat_database where datname = '{Database}'");
        var latencies = new List<double>();
        var mostBackends = 0L;
        using var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("brevo:" + Secret)));
        var senders = int.TryParse(Environment.GetEnvironmentVariable("SENDERS"), f, out var s) ? s : 8;
        // RATE=n: n POSTs a second at a fixed pace instead of SENDERS back to back.
        var rate = double.TryParse(Environment.GetEnvironmentVariable("RATE"), NumberStyles.Float, f, out var r) ? r : 0;
        var path = $"/webhooks/brevo/{connexionId}";

        // A fresh process compiles the endpoint on its first calls: warmed up on the first
        // recipient's request event (it changes nothing: the row is already "sent"), not timed.
        var warmUp = JsonSerializer.Serialize(new[] { calls[0][0] });
        for (var i = 0; i < senders * 2; i++)
        {
            using var response = await http.PostAsync(path, new StringContent(warmUp, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        var clock = Stopwatch.StartNew();
        var failures = 0;
        var mostWaiting = 0L;
        async Task PostAsync(int i)
        {
            var body = JsonSerializer.Serialize(calls[i]);
            var call = Stopwatch.StartNew();
            using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var ms = call.Elapsed.TotalMilliseconds;
            lock (latencies)
            {
                latencies.Add(ms);
            }

            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        }

        if (rate > 0)
        {
            // As Brevo sends them: each POST leaves at its time whatever the previous ones are
            // doing (open loop), so a slow answer shows as latency instead of slowing the offer.
            // Meanwhile the inbox's backlog is sampled, which says whether it was being applied.
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    mostWaiting = Math.Max(mostWaiting, await ScalarAsync<long>(owner, "select count(*) from email_event_inbox where gave_up_at is null"));
                    mostBackends = Math.Max(mostBackends, await AppBackendsAsync(admin));
                    await Task.Delay(200);
                }
            });
            var inFlight = new List<Task>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                var due = TimeSpan.FromSeconds(i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                inFlight.Add(PostAsync(i));
            }

            await Task.WhenAll(inFlight);
            await sampling.CancelAsync();
            await sampler;
        }
        else
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < calls.Count)
                {
                    await PostAsync(i);
                }
            }));
        }

        var posted = clock.Elapsed;

        long left;
        while ((left = await ScalarAsync<long>(owner, "select count(*) from email_event_inbox where gave_up_at is null")) > 0)
        {
            mostBackends = Math.Max(mostBackends, await AppBackendsAsync(admin));
            if (clock.Elapsed > TimeSpan.FromMinutes(20))
            {
                throw new TimeoutException($"{left} events still in the inbox after 20 minutes.");
            }

            await Task.Delay(100);
        }

        var applied = clock.Elapsed;
        mostBackends = Math.Max(mostBackends, await AppBackendsAsync(admin));
        var sessions = await ScalarAsync<long>(admin, $"select sessions from pg_stat_database where datname = '{Database}'") - sessionsBefore;
        var counters = await ScalarAsync<string>(owner, $"""
            select concat_ws(',', total_recipients, sent_count, delivered_count, bounced_count, opened_count, clicked_count)
            from email_campaigns where id = '{campaign}'
            """);
        foreach (var worker in extra)
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        var offer = rate > 0 ? string.Create(f, $"paced_posts_per_second={rate:0.##} offered_events_per_second={rate * EventsPerCall:0}") : $"senders={senders}";
        Console.WriteLine(string.Create(f, $"recipients={recipients} events={events} webhook_calls={calls.Count} {offer} extra_workers={workers} failed_calls={failures}"));
        Console.WriteLine(string.Create(f, $"posted_seconds={posted.TotalSeconds:0.00} applied_seconds={applied.TotalSeconds:0.00} events_applied_per_second={events / applied.TotalSeconds:0}"));
        if (rate > 0)
        {
            Console.WriteLine(string.Create(f, $"inbox_empty_after_last_post_seconds={(applied - posted).TotalSeconds:0.00} inbox_most_waiting_while_posting={mostWaiting}"));
        }

        Console.WriteLine(string.Create(f, $"webhook_ms p50={Percentile(0.5):0.0} p95={Percentile(0.95):0.0} max={latencies[^1]:0.0}"));
        Console.WriteLine(string.Create(f, $"postgres_sessions_opened={sessions} most_app_backends_at_once={mostBackends}"));
        Console.WriteLine($"campaign total,sent,delivered,bounced,opened,clicked={counters}");
        Console.WriteLine($"load_average={File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>The webhook calls, in the order Brevo would make them: a block of recipients' requests, then their deliveries, opens and clicks.</summary>
    private static List<List<Dictionary<string, object?>>> Calls(int recipients, Guid campaign)
    {
        var random = new Random(2026);
        var custom = $"presenca;campaign={campaign:D};batch={Guid.Empty:D}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var events = new List<Dictionary<string, object?>>();
        Dictionary<string, object?> Event(string name, int n, string? reason = null) => new()
        {
            ["event"] = name,
            ["email"] = $"lecteur{n}@bench.fr",
            ["id"] = 1,
            ["message-id"] = $"<bench.{n}@smtp-relay.mailin.fr>",
            ["ts_event"] = now,
            ["X-Mailin-custom"] = custom,
            ["reason"] = reason,
        };

        const int block = 2000;
        for (var start = 1; start <= recipients; start += block)
        {
            var end = Math.Min(recipients, start + block - 1);
            var bounced = new HashSet<int>();
            for (var n = start; n <= end; n++)
            {
                events.Add(Event("request", n));
            }

            for (var n = start; n <= end; n++)
            {
                if (random.NextDouble() < 0.02)
                {
                    bounced.Add(n);
                    events.Add(Event("hard_bounce", n, "550 5.1.1 utilisateur inconnu"));
                }
                else
                {
                    events.Add(Event("delivered", n));
                }
            }

            for (var n = start; n <= end; n++)
            {
                var r = random.NextDouble();
                if (!bounced.Contains(n) && r < 0.35)
                {
                    events.Add(Event("unique_opened", n));
                }

                if (!bounced.Contains(n) && r < 0.15)
                {
                    events.Add(Event("click", n));
                }
            }
        }

        return [.. events.Chunk(EventsPerCall).Select(c => c.ToList())];
    }

    private static async Task<(Guid ConnexionId, Guid Campaign)> SeedAsync(string app, string owner, int recipients)
    {
        await ExecuteAsync(owner, $"""
            insert into organisations (organisation_id, organisation_nom) values ('{OrganisationId}', 'Bench');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom) values ('{ClientId}', '{OrganisationId}', 'Agence Bench');
            insert into contacts (organisation_id, client_id, email, organization_name)
              select '{OrganisationId}', '{ClientId}', 'lecteur' || g || '@bench.fr', 'Société ' || (g % 1000) from generate_series(1, {recipients}) g;
            """);

        // The webhook secret encrypted with the shared key ring, as the app writes it.
        await using var keyRing = PipelineBench.KeyRing(app, owner);
        await using var database = new PresencaDatabase(app, keyRing.GetRequiredService<ISecretProtector>());
        var connexion = new BrevoConnexion
        {
            OrganisationId = OrganisationId,
            ClientType = ClientType.AgenceIndependante,
            ClientId = ClientId,
            ApiKey = "xkeysib-bench",
            WebhookSecret = Secret,
            EmailCompte = "bench@presenca.local",
        };
        await using (var db = database.CreateContext(PipelineCaller.Caller))
        {
            db.BrevoConnexions.Add(connexion);
            await db.SaveChangesAsync();
        }

        // Sent: every recipient handed to Brevo with its message id, as the pipeline leaves them.
        var campaign = Guid.NewGuid();
        await ExecuteAsync(owner, $"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status, started_at, finished_at, brevo_connexion_id)
            values ('{campaign}', '{OrganisationId}', '{ClientId}', 'Bench', 'Bonjour', '<p>Bonjour</p>', 'sent', now(), now(), '{connexion.ConnexionId}');
            insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, status, brevo_message_id, sent_at)
              select organisation_id, client_id, '{campaign}', id, email, organization_name, 'sent',
                     '<bench.' || substring(email from 'lecteur([0-9]+)@') || '@smtp-relay.mailin.fr>', now()
              from contacts where client_id = '{ClientId}';
            """);
        await ExecuteAsync(owner, "vacuum analyze contacts, emails_sent");
        return (connexion.ConnexionId, campaign);
    }

    // More appliers beside the web app's own: worker processes with their sending off.
    private static Process StartWorker(string app, string owner)
    {
        var start = new ProcessStartInfo("sh")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "presenca-worker.sh") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ConnectionStrings__Presenca"] = app;
        start.Environment["ConnectionStrings__PresencaOwner"] = owner;
        start.Environment["Presenca__MigrateOnStartup"] = "false";
        start.Environment["Presenca__Campaigns__Pipeline__Enabled"] = "false";
        start.Environment["Presenca__PublicBaseUrl"] = "http://127.0.0.1:5000/";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) Console.Error.WriteLine(text); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) Console.Error.WriteLine(text); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Task<long> AppBackendsAsync(string admin) =>
        ScalarAsync<long>(admin, $"select count(*) from pg_stat_activity where datname = '{Database}' and usename = 'presenca_app'");
}
