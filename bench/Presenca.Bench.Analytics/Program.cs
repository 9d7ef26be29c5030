// Issue 7's benchmark: Aperçu and Analytique rendered server-side for a tenant holding 1,000,000
// emails_sent over 500 campaigns and 200,000 contacts, measured over HTTP on 127.0.0.1 (warm,
// one client, sequential); then the 200,000-row contacts export with the web process's memory
// around it; then EXPLAIN (ANALYZE, BUFFERS) of each query the pages send, run as the app role with
// the agency's identity, then the director's.
// With --wrk, Aperçu, Contacts and Analytique are then loaded by bench/pages-wrk.sh (wrk -c50 as the
// agency, issue 12 §6), with the 53300 errors of the cluster's log counted.
// Trial sizes: --contacts N (200,000) and --recipients N per campaign (2,000).
// Run it through bench/analytics.sh (throwaway PostgreSQL, Release build).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Bench;
using Presenca.Bench.Analytics;
using Presenca.Data;
using Presenca.Data.Tenancy;
using Presenca.Web.Analytics;
using Presenca.Web.Demo;
using Presenca.Web.Overview;

var settings = BenchSettings.FromEnvironment(args);
var contactCount = IntOption("--contacts", 200_000);
var recipientsPerCampaign = IntOption("--recipients", 2_000);
await using var database = await BenchDatabase.CreateEmptyAsync(settings);
await using var app = await WebAppProcess.StartAsync(settings, database);

var load = Stopwatch.StartNew();
await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
{
    await owner.OpenAsync();
    await ExecuteAsync(owner, string.Format(CultureInfo.InvariantCulture, AnalyticsData.Setup, contactCount));
    for (var first = 0; first < 500; first += 50)
    {
        await ExecuteAsync(owner, string.Format(CultureInfo.InvariantCulture, AnalyticsData.EmailsSlice, first, recipientsPerCampaign, contactCount));
    }

    await ExecuteAsync(owner, "vacuum analyze");
    var emails = await ScalarAsync(owner, "select count(*) from emails_sent");
    var contacts = await ScalarAsync(owner, "select count(*) from contacts");
    Console.WriteLine($"Loaded {emails:N0} emails_sent and {contacts:N0} contacts in {load.Elapsed.TotalSeconds:0} s");
}

// The far page of contacts: the one after the agency's 99,950th contact in address order (what
// page 2000 was with numbered pages), with the last page of campaigns sorted by delivery rate.
var far = await FarContactAsync(database, Math.Min(99_949, contactCount / 2));
var farPage = $"/analytique?periode=tout&tri=delivrance&page=10&apres={far.Id}";

var results = new List<BenchResult>();
foreach (var account in new[] { DemoAccounts.Collaborateur, DemoAccounts.Directeur })
{
    using var client = await SignInAsync(app.BaseAddress, account.Email);
    foreach (var path in new[] { "/", "/analytique", "/analytique?periode=tout", farPage })
    {
        results.Add(await MeasureAsync(client, path, account.Email, settings));
    }
}

// The export streams if the web process does not grow with the rows it writes: its resident memory
// is sampled every 20 ms during two exports in a row (the first also pays for warming up the GC heap).
var exportMemory = new List<string>();
using (var agency = await SignInAsync(app.BaseAddress, DemoAccounts.Collaborateur.Email))
{
    for (var run = 1; run <= 2; run++)
    {
        var before = app.Memory();
        var peak = before.Resident;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, app.Memory().Resident);
                await Task.Delay(20);
            }
        });
        var watch = Stopwatch.StartNew();
        using var response = await agency.GetAsync("/analytique/export/contacts", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        long bytes = 0;
        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[81920];
            for (int read; (read = await body.ReadAsync(buffer)) > 0;)
            {
                bytes += read;
            }
        }

        results.Add(BenchResult.Single($"GET /analytique/export/contacts, run {run} ({contactCount:N0} rows, {bytes / 1024 / 1024.0:0.0} MiB)", watch.Elapsed));
        await sampling.CancelAsync();
        await sampler;
        var after = app.Memory();
        exportMemory.Add(string.Create(CultureInfo.InvariantCulture,
            $"Export {run}: web process resident memory {before.Resident:0} MiB before, at most {peak:0} MiB during it (+{peak - before.Resident:0} MiB), {after.Resident:0} MiB after; peak since start {after.Peak:0} MiB."));
    }
}

Console.WriteLine();
Console.WriteLine("| Measure | n | p50 (ms) | p95 (ms) | min (ms) | max (ms) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Count} | {r.Median:0.0} | {r.P95:0.0} | {r.Min:0.0} | {r.Max:0.0} |"));
}

Console.WriteLine();
exportMemory.ForEach(Console.WriteLine);
Console.WriteLine($"Load average: {File.ReadAllText("/proc/loadavg").Trim()}");
if (args.Contains("--wrk"))
{
    var statements = Environment.GetEnvironmentVariable("PG_STATEMENTS") == "1";
    var admin = BenchSettings.ForDatabase(settings.AdminLogin, database.Name);
    if (statements)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()");
    }

    await PagesUnderLoadAsync(app.BaseAddress);
    if (statements)
    {
        await TopStatementsAsync(admin);
    }
}

await ExplainAsync(database, DemoAccounts.Collaborateur.Email, UserRole.CollaborateurAgence, far);
await ExplainAsync(database, DemoAccounts.Directeur.Email, UserRole.DirecteurReseau, far);
return 0;

// Where the database's time went during the wrk phase (PG_STATEMENTS=1: analytics.sh preloads
// pg_stat_statements with planning tracked): the 15 statements that took longest in all.
static async Task TopStatementsAsync(string admin)
{
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("""
        select calls, round((total_plan_time + total_exec_time)::numeric, 0), round(total_plan_time::numeric, 0),
               round(((total_plan_time + total_exec_time) / nullif(calls, 0))::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 160)
        from pg_stat_statements where calls > 0 order by total_plan_time + total_exec_time desc limit 15
        """, connection);
    await using var reader = await command.ExecuteReaderAsync();
    Console.WriteLine();
    Console.WriteLine("| calls | total ms | of which planning | mean ms | statement |");
    Console.WriteLine("|---:|---:|---:|---:|---|");
    while (await reader.ReadAsync())
    {
        Console.WriteLine($"| {reader.GetInt64(0)} | {reader.GetDecimal(1)} | {reader.GetDecimal(2)} | {reader.GetDecimal(3)} | {reader.GetString(4).Replace("|", "\\|", StringComparison.Ordinal)} |");
    }
}

// bench/pages-wrk.sh against this app, as the agency, with the cluster's log (analytics.sh exports
// PRESENCA_BENCH_PG_LOG) for the 53300 count; CONNECTIONS, DURATION and PAGES pass through.
static async Task PagesUnderLoadAsync(Uri app)
{
    Console.WriteLine();
    Console.WriteLine("## Pages under wrk (bench/pages-wrk.sh)");
    var start = new ProcessStartInfo("bash") { UseShellExecute = false };
    start.ArgumentList.Add(Path.Combine(BenchSettings.RepositoryRoot(), "bench", "pages-wrk.sh"));
    start.Environment["PRESENCA_URL"] = app.ToString().TrimEnd('/');
    start.Environment["EMAIL"] = DemoAccounts.Collaborateur.Email;
    start.Environment["PASSWORD"] = DemoAccounts.Password;
    if (Environment.GetEnvironmentVariable("PRESENCA_BENCH_PG_LOG") is { Length: > 0 } log)
    {
        start.Environment["PRESENCA_PG_LOG"] = log;
    }

    using var wrk = Process.Start(start)!;
    await wrk.WaitForExitAsync();
    if (wrk.ExitCode != 0)
    {
        throw new InvalidOperationException($"bench/pages-wrk.sh exited with {wrk.ExitCode}.");
    }
}

int IntOption(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) && value > 0 ? value : fallback;
}

static async Task<ContactKey> FarContactAsync(BenchDatabase database, int offset)
{
    await using var owner = new NpgsqlConnection(database.OwnerConnectionString);
    await owner.OpenAsync();
    await using var command = new NpgsqlCommand("""
        select c.email_lower, c.id from contacts c join clients k on k.client_id = c.client_id
        where k.client_nom = 'Agence Lyon Nord' order by c.email_lower, c.id offset $1 limit 1
        """, owner);
    command.Parameters.Add(new NpgsqlParameter { Value = offset });
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return new ContactKey(reader.GetString(0), reader.GetGuid(1));
}

static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}

static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

static async Task<HttpClient> SignInAsync(Uri app, string email)
{
    var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app };
    var form = await client.GetStringAsync("/connexion");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["_handler"] = "login",
        ["Input.Email"] = email,
        ["Input.Password"] = DemoAccounts.Password,
        ["__RequestVerificationToken"] = token,
    }));
    return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"Sign-in of {email} failed.");
}

static async Task<BenchResult> MeasureAsync(HttpClient client, string path, string who, BenchSettings settings)
{
    for (var i = 0; i < settings.WarmupRequests; i++)
    {
        await GetAsync(client, path);
    }

    var times = new List<TimeSpan>(settings.Requests);
    for (var i = 0; i < settings.Requests; i++)
    {
        var watch = Stopwatch.StartNew();
        await GetAsync(client, path);
        times.Add(watch.Elapsed);
    }

    return BenchResult.Of($"GET {path} as {who}", times);
}

static async Task GetAsync(HttpClient client, string path)
{
    using var response = await client.GetAsync(path);
    if (response.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
    }

    await response.Content.ReadAsByteArrayAsync();
}

static async Task ExplainAsync(BenchDatabase database, string email, UserRole role, ContactKey far)
{
    Guid userId, organisationId, clientId;
    await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
    {
        await owner.OpenAsync();
        await using var who = new NpgsqlCommand("select id, organisation_id, client_id from users where email = $1", owner);
        who.Parameters.Add(new NpgsqlParameter { Value = email });
        await using var reader = await who.ExecuteReaderAsync();
        await reader.ReadAsync();
        (userId, organisationId, clientId) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2));
    }

    await using var presenca = new PresencaDatabase(database.AppConnectionString);
    await using var db = presenca.CreateContext(new Caller(userId, organisationId, clientId, role, role == UserRole.DirecteurReseau ? clientId : null));
    await using var transaction = await db.Database.BeginTransactionAsync();
    var connection = (NpgsqlConnection)db.Database.GetDbConnection();
    var now = DateTimeOffset.UtcNow;
    var month = AnalyticsFilter.From("30j", null, null);
    var all = AnalyticsFilter.From("tout", null, "delivrance", 10);
    var scope = await AnalyticsScope.LoadAsync(db, all, CancellationToken.None);
    var queries = new (string Name, IQueryable Query)[]
    {
        ("Aperçu: dashboard_analytics", db.DashboardAnalytics.AsNoTracking()),
        ("Aperçu: campaigns of the last 30 days", OverviewData.CampaignsOfLastThirtyDays(db, now)),
        ("Analytique: the caller's clients (scope)", AnalyticsScope.VisibleClients(db).Select(k => new { k.ClientId, k.ClientNom })),
        ("Analytique 30 days: campaigns per client, added up", AnalyticsQueries.CampaignTotals(db, scope, month, now)),
        ("Analytique 30 days: campaigns, page 1", AnalyticsQueries.Campaigns(db, scope, month, now).Take(AnalyticsFilter.CampaignPageSize)),
        ("Analytique 30 days: emails per day and status", AnalyticsQueries.Days(db, scope, month, now)),
        ("Analytique 30 days: top organisations", AnalyticsQueries.TopOrganisations(db, scope, month, now)),
        ("Analytique since the start: campaigns per client, added up", AnalyticsQueries.CampaignTotals(db, scope, all, now)),
        ("Analytique since the start: campaigns by delivery rate, page 10",
            AnalyticsQueries.Campaigns(db, scope, all, now).Skip(9 * AnalyticsFilter.CampaignPageSize).Take(AnalyticsFilter.CampaignPageSize)),
        ("Analytique since the start: emails per day and status", AnalyticsQueries.Days(db, scope, all, now)),
        ("Analytique since the start: top organisations", AnalyticsQueries.TopOrganisations(db, scope, all, now)),
        ("Analytique: contacts after the 99,950th", AnalyticsContactQueries.Page(db, scope, far, backwards: false)),
        ("Analytique: contacts count", AnalyticsContactQueries.Count(db, scope).GroupBy(_ => 1).Select(g => g.Sum(c => c.Contacts))),
    };
    foreach (var (name, query) in queries)
    {
        var command = (NpgsqlCommand)query.CreateDbCommand();
        command.CommandText = "explain (analyze, buffers) " + command.CommandText;
        command.Connection = connection;
        Console.WriteLine();
        Console.WriteLine($"### {name} ({email})");
        Console.WriteLine("```");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(reader.GetString(0));
        }

        Console.WriteLine("```");
    }

    await db.Database.CloseConnectionAsync();
}
