using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Contacts;

/// <summary>In a real browser: an import's page follows the progress PostgreSQL publishes over the circuit, then shows the report.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactImportLiveTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    // Starting the app also seeds the demo agencies the tests use.
    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task The_import_page_moves_its_progress_bar_live_and_shows_the_report_when_the_import_ends()
    {
        var importId = await InsertRunningImportAsync(DemoAccounts.AgenceNordNom, "en-cours.xlsx");

        await browser.RunAsync(async page =>
        {
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            await page.GotoInteractiveAsync(_app, $"/contacts/imports/{importId}");
            await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("En cours");

            await SetProgressAsync(importId, 42);
            await NotifyAsync(importId, DemoAccounts.AgenceNordNom);
            await Expect(page.GetByTestId("import-percent")).ToHaveTextAsync("42\u00a0%");
            await Expect(page.GetByTestId("import-progress")).ToHaveAttributeAsync("aria-valuenow", "42");
            await Expect(page.GetByTestId("import-rows")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^4\s?200$"));

            await FinishAsync(importId);
            await NotifyAsync(importId, DemoAccounts.AgenceNordNom);
            await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("Terminé");
            await Expect(page.GetByTestId("import-created")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^4\s?100$"));
            await Expect(page.GetByTestId("report-link")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task An_import_of_another_agency_of_the_organisation_never_moves_the_watching_page()
    {
        var nordImport = await InsertRunningImportAsync(DemoAccounts.AgenceNordNom, "nord.xlsx");
        var soleilImport = await InsertRunningImportAsync(DemoAccounts.AgenceIndependanteNom, "soleil.xlsx");

        await browser.RunWithPagesAsync(async session =>
        {
            var nord = await session.NewPageAsync();
            var soleil = await session.NewPageAsync();
            await nord.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            await soleil.SignInAsync(_app, DemoAccounts.Independante.Email);
            await nord.GotoInteractiveAsync(_app, $"/contacts/imports/{nordImport}");
            await soleil.GotoInteractiveAsync(_app, $"/contacts/imports/{soleilImport}");
            await Expect(nord.GetByTestId("import-percent")).ToHaveTextAsync("0\u00a0%");

            // The watched row moves in the database, but the only notifications naming it say it
            // belongs to Agence Soleil: Nord's circuit must not take them as a reason to re-read.
            await SetProgressAsync(nordImport, 42);
            await NotifyAsync(nordImport, DemoAccounts.AgenceIndependanteNom);
            await SetProgressAsync(soleilImport, 42);
            await NotifyAsync(soleilImport, DemoAccounts.AgenceIndependanteNom, percent: 42);
            // Soleil's page moved on the later notification: the earlier ones have been handled.
            await Expect(soleil.GetByTestId("import-percent")).ToHaveTextAsync("42\u00a0%");
            await Expect(nord.GetByTestId("import-percent")).ToHaveTextAsync("0\u00a0%");
            await Expect(nord.GetByTestId("import-progress")).ToHaveAttributeAsync("aria-valuenow", "0");

            // Its own notification moves it: the page was listening all along.
            await NotifyAsync(nordImport, DemoAccounts.AgenceNordNom);
            await Expect(nord.GetByTestId("import-percent")).ToHaveTextAsync("42\u00a0%");
        });
    }

    [Fact]
    public async Task A_five_row_file_chosen_in_the_import_form_shows_its_report_without_a_poll_or_a_reload()
    {
        await browser.RunAsync(async page =>
        {
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            await page.GotoInteractiveAsync(_app, "/contacts/import");
            await page.SetInputFilesAsync("input[type=file][name=fichier]", new FilePayload
            {
                Name = "navigateur.xlsx",
                MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Buffer = ContactFixtures.Xlsx(
                    ["Organisation", "E-mail"], ["Navigo", "un@browser-eleven.fr"], ["Navigo", "deux@browser-eleven.fr"],
                    ["Navigo", "trois@browser-eleven.fr"], ["Navigo", "quatre@browser-eleven.fr"], ["Navigo", "pas-une-adresse"]),
            });
            await Expect(page.GetByTestId("import-file-name")).ToContainTextAsync("navigateur.xlsx");
            await page.GetByTestId("import-submit").ClickAsync();

            await page.WaitForURLAsync(url => url.Contains("/contacts/imports/", StringComparison.Ordinal));
            await page.WaitForCircuitAsync();
            // A mark a reload would wipe out; no timer is left on the page to poll.
            await page.EvaluateAsync("window.presencaNoReload = true");
            await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("Terminé", new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("import-created")).ToHaveTextAsync("4");
            await Expect(page.GetByTestId("import-invalid")).ToHaveTextAsync("1");
            Assert.True(await page.EvaluateAsync<bool>("window.presencaNoReload === true"), "the page was reloaded");

            // Live search: typing narrows the list over the circuit.
            await page.GotoInteractiveAsync(_app, "/contacts");
            await page.FillAsync("#q", "browser-eleven");
            await Expect(page.GetByTestId("contacts-count")).ToHaveTextAsync("4 contacts");
            await Expect(page.Locator("[data-testid=contacts-table] tbody tr")).ToHaveCountAsync(4);
            await Expect(page).ToHaveURLAsync(new Uri(_app, "/contacts?q=browser-eleven").ToString());
        });
    }

    [Fact]
    public async Task A_file_that_takes_seconds_to_import_moves_the_bar_while_its_contacts_are_written_never_backwards()
    {
        // Large enough that reading and the set-based statements each take a while, even on a fast machine.
        string?[][] rows =
        [
            ["Organisation", "E-mail"],
            .. Enumerable.Range(1, 20_000).Select(n => new string?[] { $"Société {n % 2_000}", $"contact{n}@progression-longue.fr" }),
        ];
        var file = ContactFixtures.Xlsx(rows);
        var seen = new List<int>();

        await browser.RunAsync(async page =>
        {
            // Every value the bar takes, on whatever document shows it, reported as it changes.
            await page.ExposeFunctionAsync("presencaSawProgress", (string value) =>
            {
                lock (seen)
                {
                    seen.Add(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
                }
            });
            await page.AddInitScriptAsync("""
                (() => {
                  let last = null;
                  const look = () => {
                    const value = document.querySelector('[data-testid=import-progress]')?.getAttribute('aria-valuenow');
                    if (value != null && value !== last) { last = value; window.presencaSawProgress(value); }
                  };
                  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
                })();
                """);
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            await page.GotoInteractiveAsync(_app, "/contacts/import");
            await page.SetInputFilesAsync("input[type=file][name=fichier]", new FilePayload
            {
                Name = "progression.xlsx",
                MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Buffer = file,
            });
            await page.GetByTestId("import-submit").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/contacts/imports/", StringComparison.Ordinal));
            await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("Terminé", new() { Timeout = 120_000 });
            await Expect(page.GetByTestId("import-created")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^20\s?000$"));
        });

        int[] values;
        lock (seen)
        {
            values = [.. seen];
        }

        var shown = string.Join(", ", values);
        Assert.True(values.Zip(values.Skip(1)).All(pair => pair.First <= pair.Second), $"the bar went back: {shown}");
        // The first half of the bar is reading the file, the second the statements that write it
        // (where the bar used to stand still at 80 %). On a fast machine the file may be read
        // before the page has its circuit, so only the second half is sure to be watched.
        Assert.True(values.Count(v => v is > 0 and < 100) >= 3, $"the bar hardly moved: {shown}");
        Assert.True(values.Count(v => v is >= 50 and < 100) >= 2, $"the bar did not move while the contacts were written: {shown}");
    }

    // Run by a live process elsewhere: its heartbeat is fresh for the whole test, so no sweep takes it for dead.
    private async Task<Guid> InsertRunningImportAsync(string clientName, string fileName)
    {
        var importId = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into contact_imports (id, organisation_id, client_id, file_name, file_size, status, started_at, heartbeat_at)
            select '{importId}', c.organisation_id, c.client_id, '{fileName}', 1000, 'en_cours', now(), now() + interval '1 hour'
            from clients c where c.client_nom = '{clientName}'
            """);
        return importId;
    }

    private Task SetProgressAsync(Guid importId, int percent) =>
        factory.Database.ExecuteAsOwnerAsync($"update contact_imports set progress_percent = {percent}, processed_rows = {percent * 100} where id = '{importId}'");

    private Task FinishAsync(Guid importId) =>
        factory.Database.ExecuteAsOwnerAsync($"""
            update contact_imports set status = 'terminee', progress_percent = 100, total_rows = 4200, processed_rows = 4200,
              created_count = 4100, invalid_count = 100, finished_at = now() where id = '{importId}'
            """);

    /// <summary>What ContactImporter publishes, naming <paramref name="clientName"/> as the import's owner.</summary>
    private Task NotifyAsync(Guid importId, string clientName, int percent = 42) =>
        factory.Database.ExecuteAsOwnerAsync($$"""
            select pg_notify('contact_import_progress', json_build_object(
              'organisation_id', c.organisation_id, 'client_id', c.client_id, 'import_id', '{{importId}}',
              'status', 'en_cours', 'processed_rows', {{percent * 100}}, 'progress_percent', {{percent}})::text)
            from clients c where c.client_nom = '{{clientName}}'
            """);
}
