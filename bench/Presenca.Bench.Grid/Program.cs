// Issue 11's grid paging benchmark: Agence Lyon Nord of the demo holding --contacts contacts
// (default 1,000,000) over --companies companies (default a tenth of that), its Contacts page in
// a headless Chromium signed in as agence.nord@reseau-demo.fr, and --pages (default 100) clicks on
// "Suivante →" from page 1, then back, "Première", every order, searches, each timed in the
// browser from the click to the new rows (goal: p95 <= 150 ms). Then the server's time for the
// same statements (pg_stat_statements) and EXPLAIN (ANALYZE, BUFFERS) of a page's statements on
// page 1, in the middle and at the end of the list, as the app role under row-level security.
// Run it through bench/grid.sh (throwaway PostgreSQL, Release build, the web app as its own process).
using System.Globalization;
using Npgsql;
using Presenca.Bench;
using Presenca.Bench.Grid;
using Presenca.Web.Demo;

var contacts = Option("--contacts", 1_000_000);
var companies = Option("--companies", Math.Max(1, contacts / 10));
var pages = Option("--pages", 100);
var warmup = Option("--warmup", 5);
var sortRounds = Option("--sort-rounds", 3);

var settings = BenchSettings.FromEnvironment(args);
Console.WriteLine($"Load average before: {LoadAverage()}");
await using var database = await BenchDatabase.CreateEmptyAsync(settings);
var admin = BenchSettings.ForDatabase(settings.AdminLogin, database.Name);
// "Testing" as for the pipeline's browser: Blazor's and MudBlazor's scripts come from the build
// output (Production serves a publish output), the rest is as in Production.
await using var app = await WebAppProcess.StartAsync(settings.WebAssembly, database.AppConnectionString, database.OwnerConnectionString,
    new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Testing" });
Console.Error.WriteLine($"Web app up in {app.StartupTime.TotalSeconds:0.0} s; loading {contacts:N0} contacts over {companies:N0} companies");
var (loaded, counter, companyCount) = await GridData.LoadAsync(database.OwnerConnectionString, contacts, companies);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Tenant: {DemoAccounts.AgenceNordNom}, {loaded:N0} contacts (client_contact_counts says {counter:N0}), {companyCount:N0} companies"));
if (loaded != counter)
{
    Console.Error.WriteLine("client_contact_counts disagrees with the contacts: the analytics counters would be wrong.");
    return 1;
}

await ServerStatements.EnableAsync(admin);
Console.WriteLine($"Load average before the browser: {LoadAverage()}");
await using (var browser = await GridBrowser.SignInAsync(app.BaseAddress, DemoAccounts.Collaborateur.Email, DemoAccounts.Password))
{
    var (count, pageNumber) = await browser.OpenContactsAsync();
    Console.WriteLine($"The list says: \"{count}\", \"{pageNumber}\"");
    await ServerStatements.ResetAsync(admin);
    try
    {
        await GridScenario.RunAsync(browser, pages, warmup, sortRounds);
    }
    finally
    {
        // What was measured before a failure is still worth reading.
        Report(browser.Changes);
    }
}

Console.WriteLine($"Load average after the browser: {LoadAverage()}");
await ServerStatements.PrintAsync(admin);
await GridExplain.RunAsync(database, loaded);
NpgsqlConnection.ClearAllPools();
Console.WriteLine();
Console.WriteLine($"Load average at the end: {LoadAverage()}");
return 0;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static void Report(IReadOnlyList<GridChange> changes)
{
    var measured = changes.Where(c => c.Kind != "warm-up").ToList();
    var groups = measured.GroupBy(c => c.Kind).Select(g => (g.Key, g.ToList())).ToList();
    var nextAz = measured.Where(c => c.Kind == GridScenario.NextAz).ToList();
    // Near the start and after paging far: the keyset should make them alike.
    groups.Insert(1, ("  of which the first 10 (pages 2–11)", nextAz.Take(10).ToList()));
    groups.Insert(2, ($"  of which the last 10 (pages {nextAz.Count - 8}–{nextAz.Count + 1})", nextAz.TakeLast(10).ToList()));
    var paging = measured.Where(c => c.Kind.StartsWith("Next page", StringComparison.Ordinal) || c.Kind == GridScenario.PreviousAz).ToList();
    groups.Add(("All next/previous page changes (every order, searches)", paging));

    Console.WriteLine();
    Console.WriteLine("Click (or input) to new rows in the DOM, timed in the browser (performance.now()); \"frame\" is the next animation frame after it; Playwright's round trip (click with its checks + wait + answer) beside it.");
    Console.WriteLine();
    Console.WriteLine("| Change | n | p50 (ms) | p95 (ms) | max (ms) | frame p95 (ms) | Playwright p50 (ms) | Playwright p95 (ms) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var (kind, list) in groups.Where(g => g.Item2.Count > 0))
    {
        var dom = BenchResult.Of(kind, [.. list.Select(c => c.Dom)]);
        var frame = BenchResult.Of(kind, [.. list.Select(c => c.Painted)]);
        var trip = BenchResult.Of(kind, [.. list.Select(c => c.RoundTrip)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {kind} | {dom.Count} | {dom.Median:0.0} | {dom.P95:0.0} | {dom.Max:0.0} | {frame.P95:0.0} | {trip.Median:0.0} | {trip.P95:0.0} |"));
    }

    var goal = BenchResult.Of("paging", [.. paging.Select(c => c.Dom)]);
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"grid_page_change_p95_ms={goal.P95:0.0} (goal <= 150) p50={goal.Median:0.0} max={goal.Max:0.0} n={goal.Count}; deepest page reached: {nextAz.Count + 1} (A → Z)"));
    if (Environment.GetEnvironmentVariable("PRINT_CHANGES") == "1")
    {
        foreach (var change in changes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"change {change.Kind}: dom={change.Dom.TotalMilliseconds:0.0} frame={change.Painted.TotalMilliseconds:0.0} playwright={change.RoundTrip.TotalMilliseconds:0.0} rows={change.Rows} first={change.FirstRow}"));
        }
    }
}
