using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Presenca.Bench.Pipeline.Browser;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Connexions.Secrets;
using Presenca.Data.Migrations;
using Presenca.Data.Tenancy;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Connexions.KeyRing;
using Presenca.Web.Demo;
using Presenca.Web.Hosting;
using static Presenca.Bench.Pipeline.BenchPostgres;

namespace Presenca.Bench.Pipeline;

public static partial class PipelineBench
{
    private const string Database = "presenca_bench_pipeline";

    // Tells the workers' connections from the web app's (MODE=browser) in pg_stat_activity.
    private const string WorkerApplicationName = "presenca-bench-worker";
    private static readonly Guid OrganisationId = Guid.Parse("0000b0b0-0000-0000-0000-0000000000a1");
    private static readonly Guid ClientId = Guid.Parse("0000b0b0-0000-0000-0000-0000000000a2");


    /// <summary>The rate limiter alone, on a freshly migrated database.</summary>
    public static async Task RateLimitAsync()
    {
        await RecreateAsync(Database);
        await RateLimitBench.RunAsync(App(Database));
    }

    /// <param name="watchInBrowser">
    /// Also run the web app as its own process (its relay on the same database, its own sending
    /// off) and a headless Chromium signed in as the campaign's agency user watching "Envoi en
    /// progression": the campaign then belongs to the demo's Agence Soleil.
    /// </param>
    /// <param name="circuits">
    /// With <paramref name="watchInBrowser"/>: that many pages instead of WATCHERS, and one line per
    /// figure over all pages instead of one per page (MODE=circuits SEND=1).
    /// </param>
    public static async Task RunAsync(int recipients, int workerCount, bool watchInBrowser, int? circuits = null)
    {
        await RecreateAsync(Database);
        var owner = Owner(Database);
        var app = App(Database);

        // The web app seeds the demo before it answers, so Agence Soleil exists once it is up.
        await using var web = watchInBrowser ? await StartWebAppAsync(app, owner) : null;
        var (organisationId, clientId) = watchInBrowser ? await DemoAgencyAsync(owner) : await BenchAgencyAsync(owner);
        await AddContactsAsync(owner, organisationId, clientId, recipients);

        await using var brevo = await InstantBrevo.StartAsync();

        // The connexion's key encrypted with the shared key ring, as the app writes it.
        await using var keyRing = KeyRing(app, owner);
        await using var database = new PresencaDatabase(app, keyRing.GetRequiredService<ISecretProtector>());
        await using (var db = database.CreateContext(PipelineCaller.Caller))
        {
            db.BrevoConnexions.Add(new BrevoConnexion
            {
                OrganisationId = organisationId,
                ClientType = ClientType.AgenceIndependante,
                ClientId = clientId,
                ApiKey = "xkeysib-bench",
                EmailCompte = "bench@presenca.local",
            });
            await db.SaveChangesAsync();
        }

        // Its idle pooled connections would look like a worker's in pg_stat_activity.
        database.DataSource.Clear();

        var campaign = Guid.NewGuid();
        await ExecuteAsync(owner, $$$"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content)
            values ('{{{campaign}}}', '{{{organisationId}}}', '{{{clientId}}}', 'Bench', 'Bonjour {{organisation}}',
                    '<h1>Bonjour {{organisation}}</h1><p>Une lettre d''information de taille ordinaire, envoyée à {{email}}.</p><p><a href="https://presenca.demo">Lire la suite</a></p>');
            """);

        var workerLogin = new NpgsqlConnectionStringBuilder(app) { ApplicationName = WorkerApplicationName }.ConnectionString;
        var processes = Enumerable.Range(0, workerCount).Select(_ => StartWorker(workerLogin, owner, brevo.BaseUrl)).ToList();
        await WaitForWorkersAsync(owner, workerCount);
        // The workers prepare the recipients in chunks and write their unsubscribe links; this process
        // only starts, as "Envoyer maintenant" does, after checking that links can be written.
        var starter = Starter(database, new PipelineOptions { BatchSize = BatchSize });

        // As in a running app, the start's own path (EF's model, the connexion's resolution) and the
        // workers' preparation are warm when the clock starts: a campaign that reaches nobody first.
        await WarmUpAsync(owner, starter, organisationId, clientId);

        // The listener waits on its own task, so each NOTIFY is stamped when PostgreSQL delivers it,
        // not when the polling loop below next looks.
        var notifications = new List<(DateTimeOffset At, string Payload)>();
        await using var listener = new NpgsqlConnection(owner);
        await listener.OpenAsync();
        listener.Notification += (_, e) => { lock (notifications) { notifications.Add((DateTimeOffset.UtcNow, e.Payload)); } };
        await using (var listen = new NpgsqlCommand("listen campaign_progress", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        using var stopListening = new CancellationTokenSource();
        var listening = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await listener.WaitAsync(stopListening.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // Disposed before the listener, also when the run fails: a connection still waiting
        // cannot be closed, and that error would hide the run's own.
        await using var stopOnExit = new OnDispose(async () =>
        {
            await stopListening.CancelAsync();
            await listening;
        });

        // Signed in and watching "Campagnes" before the start: the campaign must appear on every page
        // that may see it, and move there, without a reload (with 100 pages, opening them takes longer
        // than sending 100,000 emails).
        await using var watcher = web is null ? null
            : await ProgressWatcher.SignInAsync(web.BaseAddress, Watchers(circuits), DemoAccounts.Password);
        var opening = Stopwatch.StartNew();
        if (watcher is not null)
        {
            await watcher.OpenAsync();
            await AppDiagnostics.TakeLiveLatenciesAsync(web!.BaseAddress);
        }

        var opened = opening.Elapsed;

        await using var activity = ActivitySampler.StartIfAsked(Admin, Database);
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var start = await starter.StartAsync(campaign, CancellationToken.None);
        var startCall = clock.Elapsed;
        if (!start.Started)
        {
            throw new InvalidOperationException($"The campaign did not start: {start.Refusal}");
        }

        var cardsShown = watcher?.WaitForCardsAsync(campaign) ?? Task.CompletedTask;
        var peaks = new long[workerCount];
        while (await ScalarAsync<string>(owner, $"select status from email_campaigns where id = '{campaign}'") != "sent")
        {
            await Task.Delay(50);
            for (var i = 0; i < workerCount; i++)
            {
                peaks[i] = Math.Max(peaks[i], PeakRssMb(processes[i]));
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The campaign did not finish within 10 minutes.");
            }
        }

        var total = clock.Elapsed;
        await cardsShown;
        var watched = watcher is null ? ((IReadOnlyList<WatchedProgress>, int)?)null : await watcher.ReadAsync(campaign);
        for (var i = 0; i < workerCount; i++)
        {
            peaks[i] = Math.Max(peaks[i], PeakRssMb(processes[i]));
            processes[i].Kill(entireProcessTree: true);
            await processes[i].WaitForExitAsync();
        }

        await stopOnExit.DisposeAsync();
        if (activity is not null)
        {
            await activity.PrintAsync(startedAt);
        }

        var sent = await ScalarAsync<long>(owner, $"select count(*) from emails_sent where campaign_id = '{campaign}' and status = 'sent'");
        // Where the first batch's time went: a worker's first chunk began this long after the start
        // committed (both on the database's clock; the rest is that chunk, the claim and the call).
        var firstChunk = await ScalarAsync<double>(owner, $"select extract(epoch from min(e.created_at) - min(c.started_at))::float8 from emails_sent e join email_campaigns c on c.id = e.campaign_id where c.id = '{campaign}'");
        var floor = watchInBrowser || Environment.GetEnvironmentVariable("FLOOR") == "0"
            ? (TimeSpan?)null
            : await SqlFloorAsync(owner, app, keyRing.GetRequiredService<ISecretProtector>(), starter, organisationId, clientId, workerCount);
        List<(DateTimeOffset At, string Payload)> ticks;
        lock (notifications)
        {
            ticks = [.. notifications];
        }

        // Every NOTIFY, and those whose figures moved (a browser's bar or counters changed).
        var longestGap = LongestGap(ticks.Select(t => t.At).ToList());
        var moves = ticks.Select(t => (t.At, Figures: Figures(t.Payload))).ToList();
        var longestMoveGap = LongestGap(moves.Where((m, i) => i == 0 || m.Figures != moves[i - 1].Figures).Select(m => m.At).ToList());
        var f = CultureInfo.InvariantCulture;
        var firstBatch = brevo.FirstCallAt is { } first ? (first - startedAt).TotalSeconds : double.NaN;
        Console.WriteLine(string.Create(f, $"recipients={recipients} workers={workerCount} start_seconds={startCall.TotalSeconds:0.00} first_batch_at_brevo_seconds={firstBatch:0.00} first_chunk_began_after_start_seconds={firstChunk:0.00} total_seconds={total.TotalSeconds:0.00}"));
        Console.WriteLine(string.Create(f, $"emails_per_second={recipients / total.TotalSeconds:0} brevo_calls={brevo.Calls} delivered_at_fake={brevo.Delivered} duplicate_recipients_at_fake={brevo.DuplicateRecipients} repeated_keys={brevo.DuplicateKeys} rows_sent={sent}"));
        if (floor is { } floorTime)
        {
            Console.WriteLine(string.Create(f, $"sql_floor_seconds={floorTime.TotalSeconds:0.00} sql_floor_emails_per_second={recipients / floorTime.TotalSeconds:0} end_to_end_vs_sql_floor={floorTime / total:0.00}"));
        }

        Console.WriteLine(string.Create(f, $"worker_peak_rss_mb={string.Join(",", peaks)} progress_notifications={ticks.Count} longest_gap_seconds={longestGap:0.00} longest_gap_between_changes_seconds={longestMoveGap:0.00}"));
        if (Environment.GetEnvironmentVariable("PRINT_NOTIFICATIONS") is not null)
        {
            foreach (var (at, figures) in moves)
            {
                Console.WriteLine(string.Create(f, $"notify t={(at - startedAt).TotalSeconds:0.000} {figures}"));
            }
        }

        if (watched is var (pages, foreign))
        {
            if (circuits is { } open)
            {
                PrintCircuitsDuringSend(pages, open, foreign, opened);
            }
            else
            {
                PrintWatched(pages, foreign, startedAt, moves);
            }

            PrintServerLatencies(await AppDiagnostics.TakeLiveLatenciesAsync(web!.BaseAddress), circuits is not null);
        }

        Console.WriteLine(string.Create(f, $"load_average={File.ReadAllText("/proc/loadavg").Trim()}"));
    }

    private static async Task WarmUpAsync(string owner, CampaignStarter starter, Guid organisationId, Guid clientId)
    {
        var campaign = Guid.NewGuid();
        await ExecuteAsync(owner, $$$"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, audience_kind, audience_search)
            values ('{{{campaign}}}', '{{{organisationId}}}', '{{{clientId}}}', 'Préchauffage', 'Bonjour', '<p>Bonjour</p>', 'recherche', 'personne@prechauffage.invalid');
            """);
        if (!(await starter.StartAsync(campaign, CancellationToken.None)).Started)
        {
            throw new InvalidOperationException("The warm-up campaign did not start.");
        }

        for (var i = 0; await ScalarAsync<string>(owner, $"select status from email_campaigns where id = '{campaign}'") != "sent"; i++)
        {
            if (i > 600)
            {
                throw new TimeoutException("The workers did not finish the warm-up campaign within a minute.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The same campaign again, sent by the pipeline's statements alone (<see cref="SqlFloor"/>) on
    /// the same database and settings, after the end-to-end run: its recipients and batches are
    /// emptied first, so both runs start from the same tables.
    /// </summary>
    private static async Task<TimeSpan> SqlFloorAsync(
        string owner, string app, ISecretProtector secrets, CampaignStarter starter, Guid organisationId, Guid clientId, int workerCount)
    {
        await ExecuteAsync(owner, "truncate emails_sent, email_batches");
        await ExecuteAsync(owner, "vacuum analyze emails_sent, email_batches, email_campaigns");
        var campaign = Guid.NewGuid();
        await ExecuteAsync(owner, $$$"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content)
            values ('{{{campaign}}}', '{{{organisationId}}}', '{{{clientId}}}', 'Plancher SQL', 'Bonjour {{organisation}}', '<p>Bonjour {{email}}</p>');
            """);
        var pools = Enumerable.Range(0, workerCount).Select(_ => new PresencaDatabase(app, secrets)).ToList();
        try
        {
            return await SqlFloor.RunAsync(starter, pools, SendLoopsPerWorker, BatchSize, campaign);
        }
        finally
        {
            foreach (var pool in pools)
            {
                await pool.DisposeAsync();
            }
        }
    }

    private const int BatchSize = 1000;

    // Each worker's send loops (its Concurrency), the floor's too.
    private static int SendLoopsPerWorker => int.TryParse(Environment.GetEnvironmentVariable("CONCURRENCY"), CultureInfo.InvariantCulture, out var n) ? n : 2;

    /// <summary>
    /// The pages of MODE=browser, WATCHERS of them (default 1) or <paramref name="count"/>, in turn the campaign's own agency
    /// (Agence Soleil), the admin, the network's director and one of its agencies: the first two
    /// see the campaign, the other two clients must never see it.
    /// </summary>
    private static List<(string Email, bool SeesCampaign)> Watchers(int? count = null)
    {
        count ??= int.TryParse(Environment.GetEnvironmentVariable("WATCHERS"), CultureInfo.InvariantCulture, out var n) ? n : 1;
        (string, bool)[] users =
        [
            (DemoAccounts.Independante.Email, true),
            (DemoAccounts.Admin.Email, true),
            (DemoAccounts.Directeur.Email, false),
            (DemoAccounts.Collaborateur.Email, false),
        ];
        return [.. Enumerable.Range(0, count.Value).Select(i => users[i % users.Length])];
    }

    /// <summary>What the watching pages saw: their visible changes while sending, timed on the browser's clock.</summary>
    private static void PrintWatched(IReadOnlyList<WatchedProgress> pages, int foreignPagesThatShowedIt, DateTimeOffset startedAt, List<(DateTimeOffset At, string Figures)> notifications)
    {
        var f = CultureInfo.InvariantCulture;

        // The relay's hop (NOTIFY → web app → LiveFeed → circuit render → DOM): each visible change
        // against the first NOTIFY that carried the same counts, both stamped on this machine's clock.
        var heard = new Dictionary<string, DateTimeOffset>();
        foreach (var (at, figures) in notifications)
        {
            heard.TryAdd(figures[(figures.IndexOf(',', StringComparison.Ordinal) + 1)..], at);
        }

        var lags = new List<double>();
        var gaps = new List<double>();
        var reachedAll = true;
        foreach (var watched in pages)
        {
            var sending = watched.WhileSending;
            var reached = watched.Loads == 1 && watched.ReachedSent;
            reachedAll &= reached;
            var pageLags = sending.Select(c => heard.TryGetValue(c.Counts, out var at) ? (c.At - at).TotalMilliseconds : (double?)null).OfType<double>().ToList();
            lags.AddRange(pageLags);
            var gap = LongestGap(sending.Select(c => c.At).ToList());
            gaps.Add(gap);
            var first = sending.Count > 0 ? (sending[0].At - startedAt).TotalSeconds : double.NaN;
            Console.WriteLine(string.Create(f, $"page {watched.Email}: updates={sending.Count} longest_gap_seconds={gap:0.00} first_visible_change_after_start_seconds={first:0.00} rendered_after_start_seconds={(watched.Rendered.At - startedAt).TotalSeconds:0.00} reached_sent_without_reload={reached.ToString().ToLowerInvariant()}"));
            if (Environment.GetEnvironmentVariable("PRINT_NOTIFICATIONS") is not null)
            {
                foreach (var change in watched.Changes)
                {
                    Console.WriteLine(string.Create(f, $"browser {watched.Email} t={(change.At - startedAt).TotalSeconds:0.000} {change.Figures}"));
                }
            }
        }

        lags.Sort();
        double Percentile(double p) => lags.Count > 0 ? lags[Math.Min(lags.Count - 1, (int)Math.Ceiling(p * lags.Count) - 1)] : double.NaN;
        Console.WriteLine(string.Create(f, $"browser_pages_watching={pages.Count} browser_pages_of_other_clients_that_showed_the_campaign={foreignPagesThatShowedIt} browser_every_page_reached_sent_without_reload={reachedAll.ToString().ToLowerInvariant()}"));
        Console.WriteLine(string.Create(f, $"browser_longest_gap_between_visible_changes_seconds={(gaps.Count > 0 ? gaps.Max() : double.NaN):0.00} browser_notify_to_dom_ms_median={Percentile(0.5):0} p95={Percentile(0.95):0} max={(lags.Count > 0 ? lags[^1] : double.NaN):0} matched={lags.Count}"));
    }

    /// <summary>On the server, per circuit: from the relay hearing a NOTIFY to the circuit having rendered what it re-read.</summary>
    /// <param name="againstGoal">Also how many circuits miss issue 11's goal for 100 open circuits (p95 ≤ 100 ms each).</param>
    private static void PrintServerLatencies(IReadOnlyList<LiveLatency> latencies, bool againstGoal = false)
    {
        var f = CultureInfo.InvariantCulture;
        static double P95(List<double> sorted) => sorted.Count > 0 ? sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.95 * sorted.Count) - 1)] : double.NaN;
        var perCircuit = latencies.GroupBy(l => l.Circuit).Select(g => P95([.. g.Select(l => l.Milliseconds).Order()])).Order().ToList();
        var all = latencies.Select(l => l.Milliseconds).Order().ToList();
        Console.WriteLine(string.Create(f, $"server_notify_to_render_ms circuits={perCircuit.Count} renders={all.Count} p95_all={P95(all):0} p95_worst_circuit={(perCircuit.Count > 0 ? perCircuit[^1] : double.NaN):0} p95_median_circuit={(perCircuit.Count > 0 ? perCircuit[perCircuit.Count / 2] : double.NaN):0} max={(all.Count > 0 ? all[^1] : double.NaN):0}"));
        if (againstGoal)
        {
            Console.WriteLine(string.Create(f, $"server_circuits_with_p95_over_100_ms={perCircuit.Count(p => p > 100)}/{perCircuit.Count}"));
        }
    }

    /// <summary>The development key ring the app encrypts secrets with, as the workers open it.</summary>
    internal static ServiceProvider KeyRing(string app, string owner)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPresencaKeyRing(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(),
            new HostingEnvironment { EnvironmentName = "Testing" }, new ConnectionStrings(app, owner));
        return services.BuildServiceProvider();
    }

    /// <summary>"Envoyer maintenant" as the app runs it, with unsubscribe links it can write.</summary>
    private static CampaignStarter Starter(PresencaDatabase database, PipelineOptions options)
    {
        var links = new Presenca.Web.Unsubscribe.UnsubscribeLinks(
            Options.Create(new Presenca.Web.Account.PublicLinkOptions { PublicBaseUrl = "http://127.0.0.1:5000/" }),
            new Presenca.Web.Unsubscribe.UnsubscribeTokens(Microsoft.AspNetCore.DataProtection.DataProtectionProvider.Create("Presenca.Bench")));
        return new CampaignStarter(database, Options.Create(options), new PipelineWakeUp(), links);
    }

    private static Task<WebAppProcess> StartWebAppAsync(string app, string owner) =>
        WebAppProcess.StartAsync(BenchSettings.WebAssemblyPath(), app, owner, new Dictionary<string, string>
        {
            // As the workers: the development key ring the benchmark encrypted the connexion with.
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Presenca__MigrateOnStartup"] = "false",
            ["Presenca__SeedDemo"] = "true",
            // The two workers send, as without a browser; this process serves the page and relays.
            ["Presenca__Campaigns__Pipeline__Enabled"] = "false",
            [AppDiagnostics.EnableVariable] = "true",
        });

    private static async Task<(Guid OrganisationId, Guid ClientId)> DemoAgencyAsync(string owner)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select organisation_id, agence_independante_id from agence_independante where agence_nom = @name", connection);
        command.Parameters.AddWithValue("name", DemoAccounts.AgenceIndependanteNom);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? (reader.GetGuid(0), reader.GetGuid(1))
            : throw new InvalidOperationException("The web app did not seed the demo's Agence Soleil.");
    }

    private static async Task<(Guid OrganisationId, Guid ClientId)> BenchAgencyAsync(string owner)
    {
        await ExecuteAsync(owner, $"""
            insert into organisations (organisation_id, organisation_nom) values ('{OrganisationId}', 'Bench');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom) values ('{ClientId}', '{OrganisationId}', 'Agence Bench');
            """);
        return (OrganisationId, ClientId);
    }

    /// <summary>Tops the agency up to exactly <paramref name="recipients"/> contacts a campaign can reach.</summary>
    private static async Task AddContactsAsync(string owner, Guid organisationId, Guid clientId, int recipients)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand($"""
            insert into contacts (organisation_id, client_id, email, organization_name)
              select '{organisationId}', '{clientId}', 'lecteur' || g || '@bench.fr', 'Société ' || (g % 1000)
              from generate_series(1, {recipients} - (select count(*) from contacts where client_id = '{clientId}' and not desinscrit and not hard_bounced)) g;
            """, connection) { CommandTimeout = 0 };
        await seed.ExecuteNonQueryAsync();
        await using var vacuum = new NpgsqlCommand("vacuum analyze contacts", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
    }

    private static double LongestGap(List<DateTimeOffset> at) =>
        at.Zip(at.Skip(1), (a, b) => (b - a).TotalSeconds).DefaultIfEmpty(0).Max();

    private static string Figures(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var p = json.RootElement;
        return string.Join(',', new[] { "status", "pending", "sending", "sent", "failed" }.Select(k => p.GetProperty(k).ToString()));
    }

    /// <param name="brevo">The fake Brevo, rate limit lifted; null: the sandbox at the product's rate limit, as the demo sends.</param>
    private static Process StartWorker(string app, string owner, Uri? brevo)
    {
        // As operators start it: the launcher beside Presenca.Web.dll, with its runtime settings.
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
        start.Environment["Logging__LogLevel__Presenca.Web.Campaigns"] = "Information";
        start.Environment["ConnectionStrings__Presenca"] = app;
        start.Environment["ConnectionStrings__PresencaOwner"] = owner;
        start.Environment["Presenca__MigrateOnStartup"] = "false";
        if (Environment.GetEnvironmentVariable("WORKER_GC_SERVER") is { } serverGc)
        {
            start.Environment["DOTNET_gcServer"] = serverGc;
        }

        start.Environment["Presenca__SeedDemo"] = "false";
        start.Environment["Presenca__PublicBaseUrl"] = "http://127.0.0.1:5000/";
        if (brevo is null)
        {
            start.Environment["Presenca__Campaigns__Pipeline__SandboxWithoutConnexion"] = "true";
        }
        else
        {
            start.Environment["Presenca__Brevo__BaseUrl"] = brevo.ToString();
            start.Environment["Presenca__Campaigns__Pipeline__CallsPerMinute"] = SqlFloor.RateLimitLifted.ToString(CultureInfo.InvariantCulture);
        }

        start.Environment["Presenca__Campaigns__Pipeline__Concurrency"] = SendLoopsPerWorker.ToString(CultureInfo.InvariantCulture);
        // The product's poll (1 s): the start and each chunk wake the workers by NOTIFY, which is
        // what the first batch's time measures.
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text && (text.Contains("fail", StringComparison.OrdinalIgnoreCase) || text.Contains("warn", StringComparison.OrdinalIgnoreCase) || text.Contains("info", StringComparison.OrdinalIgnoreCase) || text.Contains("exception", StringComparison.OrdinalIgnoreCase) || text.StartsWith("      ", StringComparison.Ordinal))) Console.Error.WriteLine(text); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) Console.Error.WriteLine(text); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Ready = each worker holds a pooled connection (its scheduler has run at least once).
    private static async Task WaitForWorkersAsync(string owner, int count)
    {
        for (var i = 0; i < 600; i++)
        {
            // Other roles' query text is visible to the superuser only.
            if (await ScalarAsync<long>(Admin, $"select count(*) from pg_stat_activity where datname = '{Database}' and application_name = '{WorkerApplicationName}' and pid <> pg_backend_pid()") >= count)
            {
                // The last worker to connect may still be starting its loops.
                await Task.Delay(TimeSpan.FromSeconds(2));
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The workers did not start.");
    }

    private static long PeakRssMb(Process process)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private sealed class OnDispose(Func<Task> action) : IAsyncDisposable
    {
        private Func<Task>? _action = action;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _action, null) is { } run)
            {
                await run();
            }
        }
    }
}
