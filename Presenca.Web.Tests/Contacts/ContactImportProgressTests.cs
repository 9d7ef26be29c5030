using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Npgsql;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>An app whose import heartbeat is renewed every second and goes stale after six (a loaded machine may delay a renewal by seconds).</summary>
public sealed class FastHeartbeatWebFactory : PresencaWebFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Presenca:ContactImport:HeartbeatSeconds"] = "1",
        ["Presenca:ContactImport:StaleAfterSeconds"] = "6",
        ["Presenca:ContactImport:WarmUpRows"] = "300",
    };
}

/// <summary>
/// Progress heard the way the import's page hears it (the NOTIFY channel), with its arrival times;
/// and imports whose process died, or that were declared dead while still running.
/// </summary>
public sealed class ContactImportProgressTests(FastHeartbeatWebFactory factory) : IClassFixture<FastHeartbeatWebFactory>
{
    // Enough rows that the set-based phase runs several slices.
    private const int SlicedRows = 8_000;

    // Enough rows that the import is still running when the test declares it dead.
    private const int Rows = 20_000;

    private static byte[] LargeFile(string domain, int rows = Rows) =>
        ContactFixtures.Xlsx([.. Enumerable.Range(0, rows).Select(i => new[] { $"Société {i % 500}", $"personne{i}@{domain}" })]);

    // How long the bar may stand still is a benchmark figure (bench/contacts.sh prints the longest
    // gap); what a test can hold on any machine is that the set-based phase moves the bar itself.
    [Fact]
    public async Task A_large_import_moves_its_bar_through_its_set_based_phase_and_never_back()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        // The first import of a process also compiles the reader and COPY (the benchmark's cold
        // figure): this test is about a warm one.
        await ContactsClient.ImportAsync(client, factory.Database, "echauffement.xlsx", ContactFixtures.Xlsx(["Chaud", "premier@progres-continu.fr"]));
        var file = LargeFile("progres-continu.fr", SlicedRows);
        await using var listener = new NpgsqlConnection(factory.Database.OwnerConnectionString);
        await listener.OpenAsync();
        var heard = new List<(Guid ImportId, string Status, int Percent)>();
        listener.Notification += (_, n) =>
        {
            using var payload = JsonDocument.Parse(n.Payload);
            var root = payload.RootElement;
            lock (heard)
            {
                heard.Add((root.GetProperty("import_id").GetGuid(), root.GetProperty("status").GetString()!, root.GetProperty("progress_percent").GetInt32()));
            }
        };
        await using (var listen = new NpgsqlCommand($"listen {Presenca.Web.Live.LiveChannels.ContactImportProgress}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        using var stop = new CancellationTokenSource();
        var pump = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await listener.WaitAsync(stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The test heard the end.
            }
        });

        var response = await ContactsClient.UploadAsync(client, "progression.xlsx", file);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var importId = Guid.Parse(response.Headers.Location!.OriginalString["/contacts/imports/".Length..]);
        List<(string Status, int Percent)> Mine()
        {
            lock (heard)
            {
                return [.. heard.Where(h => h.ImportId == importId).Select(h => (h.Status, h.Percent))];
            }
        }

        await Eventually.UntilAsync(() => Mine().Any(h => h.Status is "terminee" or "echouee"), "the import's end was heard", TimeSpan.FromMinutes(1));
        await stop.CancelAsync();
        await pump;

        var mine = Mine();
        Assert.Equal("terminee", mine[^1].Status);
        Assert.Equal((long)SlicedRows, await ContactsClient.CountAsync(factory.Database, $"select count(*) from contacts where import_id = '{importId}'"));
        // The set-based phase (past the reading share) moved the bar several times on its own.
        Assert.True(mine.Where(h => h.Status == "en_cours" && h.Percent is > 50 and < 100).Select(h => h.Percent).Distinct().Count() >= 3,
            $"the set-based phase reported too little: {string.Join(", ", mine.Select(h => $"{h.Percent} %"))}");
        Assert.Equal(mine.Select(h => h.Percent).Order(), mine.Select(h => h.Percent));
    }

    [Fact]
    public async Task The_worker_warms_the_import_up_at_start_without_writing_anything()
    {
        var worker = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ContactImportWorker>().Single();

        Assert.True(await worker.WarmedUp.WaitAsync(TimeSpan.FromMinutes(1)), "the warm-up failed (see the log)");
        Assert.Equal(0L, await ContactsClient.CountAsync(factory.Database, "select count(*) from contacts where email like '%.example'"));
        Assert.Equal(0L, await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_organizations where name like 'Société Échauffement%'"));
    }

    [Fact]
    public async Task Imports_whose_process_died_are_marked_failed_in_french_within_seconds_and_wrote_nothing()
    {
        // Two imports left by a process that died: one queued, one part-way (its transaction died with it).
        var running = Guid.NewGuid();
        var queued = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into contact_imports (id, organisation_id, client_id, file_name, file_size, status, started_at, progress_percent, heartbeat_at)
            select v.id, c.organisation_id, c.client_id, v.name, 1000, v.status, now() - interval '1 minute', v.percent, now() - interval '40 seconds'
            from clients c, (values ('{running}'::uuid, 'mort.xlsx', 'en_cours', 63), ('{queued}'::uuid, 'attente.xlsx', 'en_attente', 0)) v(id, name, status, percent)
            where c.client_nom = '{DemoAccounts.AgenceNordNom}'
            """);

        await Eventually.UntilAsync(
            async () => await ContactsClient.CountAsync(factory.Database,
                $"select count(*) from contact_imports where id in ('{running}', '{queued}') and status = 'echouee'") == 2,
            "both abandoned imports marked failed", TimeSpan.FromMinutes(1));

        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var page = await ContactsClient.PageAsync(client, $"/contacts/imports/{running}");
        Assert.Equal("Échoué", page.QuerySelector("[data-testid=import-status]")!.TextContent.Trim());
        Assert.Equal(ContactImportLabels.Interrupted, page.QuerySelector("[data-testid=import-error]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_import_declared_dead_while_still_running_stops_and_writes_nothing()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var organizationsBefore = await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_organizations");
        var response = await ContactsClient.UploadAsync(client, "declare-mort.xlsx", LargeFile("declare-mort.fr"));
        var importId = Guid.Parse(response.Headers.Location!.OriginalString["/contacts/imports/".Length..]);
        await Eventually.UntilAsync(
            async () => await ContactsClient.CountAsync(factory.Database, $"select count(*) from contact_imports where id = '{importId}' and status = 'en_cours' and progress_percent > 0") == 1,
            "the import is running", TimeSpan.FromMinutes(1), interval: TimeSpan.FromMilliseconds(10));

        // What another instance's sweep does when this process's heartbeat is late.
        await factory.Database.ExecuteAsOwnerAsync($"update contact_imports set status = 'echouee', error_message = 'balayage' where id = '{importId}'");

        // The importer hears it at its next progress report and records its own reason.
        await Eventually.UntilAsync(
            async () => await ContactsClient.CountAsync(factory.Database, $"select count(*) from contact_imports where id = '{importId}' and finished_at is not null") == 1,
            "the importer stopped", TimeSpan.FromMinutes(1));
        Assert.Equal(ContactImportLabels.Interrupted, await factory.Database.QueryAsOwnerAsync<string>($"select error_message from contact_imports where id = '{importId}'"));
        Assert.Equal(0L, await ContactsClient.CountAsync(factory.Database, "select count(*) from contacts where email like '%@declare-mort.fr'"));
        Assert.Equal(organizationsBefore, await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_organizations"));
    }
}
