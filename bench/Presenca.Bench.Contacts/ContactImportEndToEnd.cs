using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;
using Presenca.Web.Demo;

namespace Presenca.Bench.Contacts;

/// <summary>
/// The import as a user runs it (issue 12 §2): the web app as its own process, a signed-in HTTP
/// client uploads the 100,000-row .xlsx to /contacts/import, the queue and worker import it, and
/// the clock stops when the import's page answers with its report. The tenant (the demo's Agence
/// Lyon Nord) holds 100,000 contacts before each run; what a run created is removed between runs.
/// The first run is the cold one (first import after start); the SQL floor runs afterwards in the
/// same database, same tenant state, same settings.
/// </summary>
public sealed partial class ContactImportEndToEnd(string directory, int warmRuns)
{
    private static readonly string Channel = Presenca.Web.Live.LiveChannels.ContactImportProgress;

    public async Task RunAsync()
    {
        var name = await ContactImportBench.CloneAsync("e2e");
        try
        {
            var owner = ContactImportBench.OwnerConnection(name);
            var app = ContactImportBench.AppConnection(name);
            await using var web = await WebAppProcess.StartAsync(BenchSettings.WebAssemblyPath(), app, owner, new Dictionary<string, string>
            {
                // As the other benchmarks' web processes: build output, development key ring.
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["Presenca__MigrateOnStartup"] = "false",
                ["Presenca__SeedDemo"] = "true",
                ["Presenca__Campaigns__Pipeline__Enabled"] = "false",
            });
            Console.WriteLine($"app_startup_seconds={web.StartupTime.TotalSeconds:0.000}");
            var tenant = await TenantAsync(owner);
            await FillTenantAsync(owner, tenant);
            using var http = await SignInAsync(web.BaseAddress);

            // The floor once first: the tables then hold, and have lost, one import's rows, as
            // before every later run, so that the cold run differs from the warm ones by the
            // process only (the first floor shows what growing the tables costs).
            await ResetAsync(name, owner, tenant);
            var firstFloor = await ContactImportBench.FloorOnAsync(app, tenant.Caller, directory);
            Console.WriteLine($"floor_on_fresh_tables_seconds={firstFloor:0.000}");

            var runs = new List<(double Seconds, double LongestGap)>();
            for (var run = 0; run <= warmRuns; run++)
            {
                await ResetAsync(name, owner, tenant);
                var label = run == 0 ? "cold" : "warm";
                runs.Add(await ImportOnceAsync(http, owner, web.Output, label));
                Console.WriteLine($"{label}_run_seconds={runs[^1].Seconds:0.000} longest_progress_gap_seconds={runs[^1].LongestGap:0.000}");
            }

            var (_, peak) = web.Memory();
            await ResetAsync(name, owner, tenant);
            var floor = await ContactImportBench.FloorOnAsync(app, tenant.Caller, directory);
            await ResetAsync(name, owner, tenant);

            var warm = runs.Skip(1).DefaultIfEmpty(runs[0]).Min(r => r.Seconds);
            Console.WriteLine($"cold_seconds={runs[0].Seconds:0.000}");
            Console.WriteLine($"warm_seconds={warm:0.000}");
            Console.WriteLine($"floor_seconds={floor:0.000}");
            Console.WriteLine($"longest_progress_gap_seconds={runs.Max(r => r.LongestGap):0.000}");
            Console.WriteLine($"app_peak_rss_mb={peak:0}");
        }
        finally
        {
            await ContactImportBench.DropAsync(name);
        }
    }

    private sealed record Tenant(Guid OrganisationId, Guid ClientId, Caller Caller);

    private static async Task<Tenant> TenantAsync(string owner)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, organisation_id, client_id from users where normalized_email = upper($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = DemoAccounts.Collaborateur.Email });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("The demo's Agence Lyon Nord user is missing (seed).");
        }

        var (user, organisation, client) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2));
        return new Tenant(organisation, client, new Caller(user, organisation, client, UserRole.CollaborateurAgence));
    }

    private static async Task FillTenantAsync(string owner, Tenant tenant)
    {
        await ExecuteAsync(owner, $"""
            insert into contacts (organisation_id, client_id, email)
            select '{tenant.OrganisationId}', '{tenant.ClientId}', 'existant' || g || '@deja-la.fr' from generate_series(1, {ContactImportBench.ExistingContacts}) g
            on conflict do nothing
            """);
    }

    // Back to 100,000 contacts and the demo's companies, vacuumed, after a checkpoint: every run
    // starts from the same state, full-page writes included.
    private static async Task ResetAsync(string database, string owner, Tenant tenant)
    {
        await ExecuteAsync(owner, $"""
            delete from contacts where client_id = '{tenant.ClientId}' and import_id is not null;
            delete from contacts where client_id = '{tenant.ClientId}' and email like 'prenom.nom%';
            delete from contact_organizations o where o.client_id = '{tenant.ClientId}' and o.name like 'Société Éclair %';
            """);
        await ExecuteAsync(owner, "vacuum analyze contacts, contact_organizations, contact_import_issues");
        await ContactImportBench.AdminAsync("checkpoint", database);
    }

    private async Task<(double Seconds, double LongestGap)> ImportOnceAsync(HttpClient http, string owner, Func<string> appOutput, string label)
    {
        await using var listener = new NpgsqlConnection(owner);
        await listener.OpenAsync();
        var heard = new List<(TimeSpan At, Guid Import, string Status)>();
        var clock = new Stopwatch();
        listener.Notification += (_, n) =>
        {
            using var payload = JsonDocument.Parse(n.Payload);
            lock (heard)
            {
                heard.Add((clock.Elapsed, payload.RootElement.GetProperty("import_id").GetGuid(), payload.RootElement.GetProperty("status").GetString()!));
            }
        };
        await using (var listen = new NpgsqlCommand($"listen {Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var token = await AntiforgeryAsync(http, "/contacts/import");
        var bytes = await File.ReadAllBytesAsync(ContactImportBench.XlsxPathIn(directory));
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "fichier", "contacts-100k.xlsx");

        var startedUtc = DateTime.UtcNow;
        clock.Start();
        using var response = await http.PostAsync("/contacts/import", form);
        var uploadAnswered = clock.Elapsed;
        var location = response.Headers.Location?.OriginalString ?? "";
        if (response.StatusCode != HttpStatusCode.Redirect || !location.StartsWith("/contacts/imports/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"upload refused: {(int)response.StatusCode} {location}");
        }

        var importId = Guid.Parse(location["/contacts/imports/".Length..]);
        while (true)
        {
            lock (heard)
            {
                if (heard.Any(h => h.Import == importId && h.Status is "terminee" or "echouee"))
                {
                    break;
                }
            }

            await listener.WaitAsync(TimeSpan.FromSeconds(1));
        }

        // The report: the import's page, as the browser is sent to it.
        using (var page = await http.GetAsync(location))
        {
            clock.Stop();
            page.EnsureSuccessStatusCode();
        }

        var created = await ScalarAsync(owner, $"select case when status = 'terminee' then created_count else -1 end from contact_imports where id = '{importId}'");
        if (created != ContactImportBench.Rows)
        {
            throw new InvalidOperationException($"import {importId} did not create the {ContactImportBench.Rows} contacts ({created}; -1: it failed, see its page {location})");
        }

        // From the upload to the first progress, then between progress updates, then to the report.
        List<TimeSpan> marks;
        lock (heard)
        {
            marks = [TimeSpan.Zero, .. heard.Where(h => h.Import == importId).Select(h => h.At), clock.Elapsed];
        }

        var gaps = marks.Zip(marks.Skip(1), (a, b) => (Seconds: (b - a).TotalSeconds, End: b)).ToList();
        var longest = gaps.MaxBy(g => g.Seconds);
        var phases = await PhasesAsync(owner, importId, startedUtc, uploadAnswered, clock.Elapsed, appOutput);
        // Where the longest gap ended: the first phase that ended at or after it.
        var endedIn = phases.FirstOrDefault(p => p.At >= longest.End.TotalSeconds).Name ?? "report";
        Console.WriteLine($"{label}_phases_seconds {string.Join(' ', phases.Select(p => $"{p.Name}={p.At:0.000}"))}");
        Console.WriteLine($"{label}_progress_updates={marks.Count - 2} longest_gap_seconds={longest.Seconds:0.000} longest_gap_ended_at={longest.End.TotalSeconds:0.000} in_phase={endedIn}");
        return (clock.Elapsed.TotalSeconds, longest.Seconds);
    }

    /// <summary>
    /// When each phase of an import ended, in seconds since the upload began: the upload answered,
    /// the import's row written (queued) and marked running by the worker (PostgreSQL's clock, the
    /// same machine's), then the importer's own marks (its log line, in ms since it picked the job
    /// up), the report page answered.
    /// </summary>
    private static async Task<List<(string Name, double At)>> PhasesAsync(string owner, Guid importId, DateTime startedUtc, TimeSpan uploadAnswered, TimeSpan report, Func<string> appOutput)
    {
        var list = new List<(string Name, double At)> { ("upload_answered", uploadAnswered.TotalSeconds) };
        double queued, running;
        await using (var connection = new NpgsqlConnection(owner))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select extract(epoch from created_at)::float8, extract(epoch from started_at)::float8 from contact_imports where id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = importId });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var origin = (startedUtc - DateTime.UnixEpoch).TotalSeconds;
            (queued, running) = (reader.GetDouble(0) - origin, reader.GetDouble(1) - origin);
        }

        list.Add(("queued", queued));
        var pattern = new Regex($"Contact import {importId} phases: (.*)");
        Match match;
        var waited = Stopwatch.StartNew();
        while (!(match = pattern.Match(appOutput())).Success && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        if (match.Success)
        {
            var marks = match.Groups[1].Value.Trim().Split(' ').Select(m => m.Split('=')).ToDictionary(m => m[0], m => double.Parse(m[1], System.Globalization.CultureInfo.InvariantCulture) / 1000);
            // marked_running is when started_at was written, in the importer's clock.
            var pickedUp = running - marks["marked_running"];
            list.Add(("picked_up", pickedUp));
            list.AddRange(marks.Select(m => (m.Key, pickedUp + m.Value)));
        }

        list.Add(("report", report.TotalSeconds));
        return list;
    }

    private static async Task<HttpClient> SignInAsync(Uri app)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = app,
            Timeout = TimeSpan.FromMinutes(5),
        };
        var token = await AntiforgeryAsync(http, "/connexion");
        using var response = await http.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = DemoAccounts.Collaborateur.Email,
            ["Input.Password"] = DemoAccounts.Password,
            ["__RequestVerificationToken"] = token,
        }));
        return response.StatusCode == HttpStatusCode.Redirect ? http : throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
    }

    private static async Task<string> AntiforgeryAsync(HttpClient http, string path)
    {
        var match = AntiforgeryToken().Match(await http.GetStringAsync(path));
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"no antiforgery token on {path}");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
