// Issue 7's benchmark: Aperçu and Analytique rendered server-side for a tenant holding 1,000,000
// emails_sent over 500 campaigns and 200,000 contacts, measured over HTTP on 127.0.0.1 (warm,
// one client, sequential); then the 200,000-row contacts export; then EXPLAIN (ANALYZE, BUFFERS)
// of each query the pages send, run as the app role with the agency's identity.
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
await using var database = await BenchDatabase.CreateEmptyAsync(settings);
await using var app = await WebAppProcess.StartAsync(settings, database);

var load = Stopwatch.StartNew();
await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
{
    await owner.OpenAsync();
    await ExecuteAsync(owner, AnalyticsData.Setup);
    for (var first = 0; first < 500; first += 50)
    {
        await ExecuteAsync(owner, string.Format(CultureInfo.InvariantCulture, AnalyticsData.EmailsSlice, first));
    }

    await ExecuteAsync(owner, "vacuum analyze");
    var emails = await ScalarAsync(owner, "select count(*) from emails_sent");
    var contacts = await ScalarAsync(owner, "select count(*) from contacts");
    Console.WriteLine($"Loaded {emails:N0} emails_sent and {contacts:N0} contacts in {load.Elapsed.TotalSeconds:0} s");
}

var results = new List<BenchResult>();
foreach (var account in new[] { DemoAccounts.Collaborateur, DemoAccounts.Directeur })
{
    using var client = await SignInAsync(app.BaseAddress, account.Email);
    foreach (var path in new[] { "/", "/analytique", "/analytique?periode=tout", "/analytique?periode=tout&tri=delivrance&page=2000" })
    {
        results.Add(await MeasureAsync(client, path, account.Email, settings));
    }
}

using (var agency = await SignInAsync(app.BaseAddress, DemoAccounts.Collaborateur.Email))
{
    var watch = Stopwatch.StartNew();
    using var response = await agency.GetAsync("/analytique/export/contacts", HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
    results.Add(BenchResult.Single($"GET /analytique/export/contacts (200,000 rows, {bytes / 1024 / 1024.0:0.0} MiB)", watch.Elapsed));
}

Console.WriteLine();
Console.WriteLine("| Measure | n | p50 (ms) | p95 (ms) | min (ms) | max (ms) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Count} | {r.Median:0.0} | {r.P95:0.0} | {r.Min:0.0} | {r.Max:0.0} |"));
}

Console.WriteLine();
Console.WriteLine($"Load average: {File.ReadAllText("/proc/loadavg").Trim()}");
await ExplainAsync(database);
return 0;

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

static async Task ExplainAsync(BenchDatabase database)
{
    Guid userId, organisationId, clientId;
    await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
    {
        await owner.OpenAsync();
        await using var who = new NpgsqlCommand("select id, organisation_id, client_id from users where email = $1", owner);
        who.Parameters.Add(new NpgsqlParameter { Value = DemoAccounts.Collaborateur.Email });
        await using var reader = await who.ExecuteReaderAsync();
        await reader.ReadAsync();
        (userId, organisationId, clientId) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2));
    }

    await using var presenca = new PresencaDatabase(database.AppConnectionString);
    await using var db = presenca.CreateContext(new Caller(userId, organisationId, clientId, UserRole.CollaborateurAgence));
    await using var transaction = await db.Database.BeginTransactionAsync();
    var connection = (NpgsqlConnection)db.Database.GetDbConnection();
    var now = DateTimeOffset.UtcNow;
    var month = AnalyticsFilter.From("30j", null, null, null);
    var all = AnalyticsFilter.From("tout", null, null, 2000);
    var queries = new (string Name, IQueryable Query)[]
    {
        ("Aperçu: dashboard_analytics", db.DashboardAnalytics.AsNoTracking()),
        ("Aperçu: campaigns of the last 30 days", OverviewData.CampaignsOfLastThirtyDays(db, now)),
        ("Analytique 30 days: campaigns", AnalyticsQueries.Campaigns(db, month, now)),
        ("Analytique 30 days: emails per day and status", AnalyticsQueries.Days(db, month, now)),
        ("Analytique 30 days: top organisations", AnalyticsQueries.TopOrganisations(db, month, now)),
        ("Analytique since the start: emails per day and status", AnalyticsQueries.Days(db, all, now)),
        ("Analytique since the start: top organisations", AnalyticsQueries.TopOrganisations(db, all, now)),
        ("Analytique: contacts, page 2000", AnalyticsQueries.ContactPage(db, all)),
        ("Analytique: contacts count", AnalyticsQueries.ContactCount(db, all).GroupBy(_ => 1).Select(g => g.Count())),
    };
    foreach (var (name, query) in queries)
    {
        var command = (NpgsqlCommand)query.CreateDbCommand();
        command.CommandText = "explain (analyze, buffers) " + command.CommandText;
        command.Connection = connection;
        Console.WriteLine();
        Console.WriteLine($"### {name}");
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
