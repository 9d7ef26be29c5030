using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Presenca.Bench.Pipeline.Browser;

/// <summary>
/// A real headless Chromium (Debian's, never one Playwright downloads) signed in as an agency user
/// and watching "Envoi en progression" (/campagnes) while the workers send. progress-recorder.js
/// stamps every visible change of the progress cards; <see cref="ReadAsync"/> brings them back.
/// </summary>
public sealed class ProgressWatcher : IAsyncDisposable
{
    private const float Patience = 60_000;

    // As in Presenca.Web.Tests' BrowserFixture: quiet and offline in a container, no sandbox (root).
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly Uri _app;

    private ProgressWatcher(IPlaywright playwright, IBrowser browser, IPage page, Uri app)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _app = app;
    }

    /// <summary>Signs in through the login form, as a person would, and waits for the live channel.</summary>
    public static async Task<ProgressWatcher> SignInAsync(Uri app, string email, string password)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PRESENCA_BENCH_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        var context = await browser.NewContextAsync();
        await context.AddInitScriptAsync(scriptPath: Path.Combine(AppContext.BaseDirectory, "Browser", "progress-recorder.js"));
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app, "/connexion").ToString());
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("connecté", new() { Timeout = Patience });
        return new ProgressWatcher(playwright, browser, page, app);
    }

    /// <summary>Opens "Envoi en progression" once the campaign is sending and waits until the page is live.</summary>
    public async Task OpenAsync(Guid campaignId)
    {
        await _page.GotoAsync(new Uri(_app, "/campagnes").ToString());
        await Assertions.Expect(Card(campaignId)).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(_page.Locator("#live-status")).ToHaveTextAsync("connecté", new() { Timeout = Patience });
    }

    /// <summary>Waits (without reloading) until the card shows 100 % and the status "sent", then reads the record.</summary>
    public async Task<WatchedProgress> ReadAsync(Guid campaignId)
    {
        var card = Card(campaignId);
        await Assertions.Expect(card.Locator("[data-field=bar]")).ToHaveTextAsync("100\u00a0%", new() { Timeout = Patience });
        await Assertions.Expect(card).ToHaveAttributeAsync("data-campaign-status", "sent", new() { Timeout = Patience });
        var record = await _page.EvaluateAsync<JsonElement>("() => window.presencaBench");
        var changes = record.GetProperty("changes").EnumerateArray()
            .Select(c => new WatchedChange(Epoch(c.GetProperty("at")), c.GetProperty("figures").GetString()!))
            .ToList();
        var rendered = record.GetProperty("rendered");
        return new WatchedProgress(
            record.GetProperty("loads").GetInt32(),
            record.GetProperty("events").GetInt32(),
            new WatchedChange(Epoch(rendered.GetProperty("at")), rendered.GetProperty("figures").GetString()!),
            changes);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    private ILocator Card(Guid campaignId) =>
        _page.Locator(string.Create(CultureInfo.InvariantCulture, $"[data-campaign-id=\"{campaignId}\"]"));

    private static DateTimeOffset Epoch(JsonElement milliseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(milliseconds.GetDouble() * TimeSpan.TicksPerMillisecond));
}
