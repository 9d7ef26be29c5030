using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>In a real browser: an import's page follows the progress PostgreSQL publishes, then shows the report.</summary>
public sealed class ContactImportLiveTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private static readonly SemaphoreSlim ServerLock = new(1, 1);
    private static readonly Dictionary<PresencaWebFactory, Uri> Servers = [];

    [Fact]
    public async Task The_import_page_moves_its_progress_bar_live_and_shows_the_report_when_the_import_ends()
    {
        await ServerAsync(); // the app seeds the demo agencies as it starts
        var importId = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into contact_imports (id, organisation_id, client_id, file_name, file_size, status, started_at)
            select '{importId}', c.organisation_id, c.client_id, 'en-cours.xlsx', 1000, 'en_cours', now()
            from clients c where c.client_nom = '{DemoAccounts.AgenceNordNom}'
            """);
        var organisationId = await factory.Database.QueryAsOwnerAsync<Guid>($"select organisation_id from contact_imports where id = '{importId}'");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await SignedInPageAsync(browser);

        await page.GotoAsync($"/contacts/imports/{importId}");
        await Assertions.Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "online");
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync("En cours");

        await NotifyAsync(organisationId, importId, "en_cours", 42);
        await Assertions.Expect(page.Locator("[data-import-bar]")).ToHaveTextAsync("42\u00a0%");
        await Assertions.Expect(page.Locator("[data-import-rows]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^4\s?200$"));

        await factory.Database.ExecuteAsOwnerAsync($"""
            update contact_imports set status = 'terminee', progress_percent = 100, total_rows = 4200, processed_rows = 4200,
              created_count = 4100, invalid_count = 100, finished_at = now() where id = '{importId}'
            """);
        await NotifyAsync(organisationId, importId, "terminee", 100);
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync("Terminé");
        await Assertions.Expect(page.Locator("[data-testid=import-created]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^4\s?100$"));
        await Assertions.Expect(page.Locator("[data-testid=report-link]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_file_chosen_in_the_import_form_is_imported_in_the_background_and_its_report_appears()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await SignedInPageAsync(browser);

        await page.GotoAsync("/contacts/import");
        await page.SetInputFilesAsync("#fichier", new FilePayload
        {
            Name = "navigateur.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = ContactFixtures.Xlsx(["Organisation", "E-mail"], ["Navigo", "un@browser-eleven.fr"], ["Navigo", "deux@browser-eleven.fr"]),
        });
        await page.ClickAsync("form[action='/contacts/import'] button[type=submit]");

        await page.WaitForURLAsync(url => url.Contains("/contacts/imports/", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync("Terminé", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=import-created]")).ToHaveTextAsync("2");

        // Live search: typing narrows the list without submitting the form.
        await page.GotoAsync("/contacts");
        await page.FillAsync("#q", "browser-eleven");
        await Assertions.Expect(page.Locator("[data-testid=contacts-count]")).ToHaveTextAsync("2 contacts");
        await Assertions.Expect(page.Locator("[data-testid=contacts-table] tbody tr")).ToHaveCountAsync(2);
    }

    private async Task<Uri> ServerAsync()
    {
        await ServerLock.WaitAsync();
        try
        {
            if (!Servers.TryGetValue(factory, out var address))
            {
                Servers[factory] = address = factory.StartKestrel();
            }

            return address;
        }
        finally
        {
            ServerLock.Release();
        }
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PRESENCA_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
        });

    private async Task<IPage> SignedInPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = (await ServerAsync()).ToString() });
        await page.GotoAsync("/connexion");
        await page.FillAsync("#email", DemoAccounts.Collaborateur.Email);
        await page.FillAsync("#password", DemoAccounts.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/connexion", StringComparison.Ordinal));
        return page;
    }

    private Task NotifyAsync(Guid organisationId, Guid importId, string status, int percent) =>
        factory.Database.ExecuteAsOwnerAsync($$"""
            select pg_notify('contact_import_progress',
              '{"organisation_id":"{{organisationId}}","import_id":"{{importId}}","status":"{{status}}","processed_rows":{{percent * 100}},"progress_percent":{{percent}}}')
            """);
}
