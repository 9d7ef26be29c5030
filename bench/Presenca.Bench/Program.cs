using Presenca.Bench;

// Start-up and latency figures for Presenca, printed as a Markdown table (bench/RESULTS.md).
// Needs the PostgreSQL logins that bench/run.sh exports; see README.md.
var settings = BenchSettings.FromEnvironment(args);
var results = new List<BenchResult>();

Console.Error.WriteLine($"Migrating an empty database ({settings.MigrationRuns} runs)...");
results.Add(await MigrationBench.RunAsync(settings));

Console.Error.WriteLine("Starting the web app on an empty database, then again on a ready one...");
await using (var database = await BenchDatabase.CreateEmptyAsync(settings))
{
    var firstStart = await WebAppProcess.StartAsync(settings, database);
    results.Add(BenchResult.Single("Start-up, empty database (migrate + seed demo) to first 200 on /health", firstStart.StartupTime));
    await firstStart.DisposeAsync();

    var restarts = new List<TimeSpan>();
    WebAppProcess? running = null;
    for (var run = 0; run < settings.RestartRuns; run++)
    {
        if (running is not null)
        {
            await running.DisposeAsync();
        }

        running = await WebAppProcess.StartAsync(settings, database);
        restarts.Add(running.StartupTime);
    }

    results.Add(BenchResult.Of($"Start-up, database ready, to first 200 on /health ({settings.RestartRuns} runs)", restarts));

    Console.Error.WriteLine($"GET /connexion x {settings.Requests} (after {settings.WarmupRequests} warm-up requests)...");
    results.Add(await LatencyBench.RunAsync(running!.BaseAddress, "/connexion", settings));
    await running.DisposeAsync();
}

BenchReport.Print(results, settings);
