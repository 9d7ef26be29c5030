using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Presenca.Bench.Pipeline.Browser;

/// <summary>
/// One real headless Chromium (Debian's, never one Playwright downloads) with several pages, each
/// its own circuit, in one signed-in context per user, watching "Campagnes" while the workers send.
/// progress-recorder.js stamps every visible change; <see cref="ReadAsync"/> brings them back. Pages
/// whose user may not see the campaign (another client) are checked never to show it.
/// </summary>
public sealed class ProgressWatcher : IAsyncDisposable
{
    private const float Patience = 120_000;


    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IReadOnlyList<Watcher> _watchers;
    private readonly Uri _app;

    private ProgressWatcher(IPlaywright playwright, IBrowser browser, IReadOnlyList<Watcher> watchers, Uri app)
    {
        _playwright = playwright;
        _browser = browser;
        _watchers = watchers;
        _app = app;
    }

    /// <summary>
    /// One browser context per distinct user, signed in once through the login form as a person
    /// would; then one page (one circuit) per entry of <paramref name="users"/> in its user's context.
    /// </summary>
    public static async Task<ProgressWatcher> SignInAsync(Uri app, IReadOnlyList<(string Email, bool SeesCampaign)> users, string password)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await LaunchAsync(playwright);
        var contexts = new Dictionary<string, IBrowserContext>();
        var watchers = new List<Watcher>();
        foreach (var (email, seesCampaign) in users)
        {
            if (!contexts.TryGetValue(email, out var context))
            {
                context = await SignedInContextAsync(browser, app, email, password);
                contexts.Add(email, context);
            }

            watchers.Add(new Watcher(email, seesCampaign, await context.NewPageAsync()));
        }

        return new ProgressWatcher(playwright, browser, watchers, app);
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => BenchChromium.LaunchAsync(playwright);

    /// <summary>A context whose cookie is the user's, with the recorder installed in every page it opens.</summary>
    public static async Task<IBrowserContext> SignedInContextAsync(IBrowser browser, Uri app, string email, string password)
    {
        var (context, page) = await BenchChromium.SignInAsync(
            browser, app, email, password, Path.Combine(AppContext.BaseDirectory, "Browser", "progress-recorder.js"));
        await page.CloseAsync();
        return context;
    }

    public int Count => _watchers.Count;

    /// <summary>Opens "Campagnes" on every page before the campaign starts, and waits until each runs in its circuit.</summary>
    public async Task OpenAsync()
    {
        foreach (var watcher in _watchers)
        {
            await watcher.Page.GotoAsync(new Uri(_app, "/campagnes").ToString());
        }

        foreach (var watcher in _watchers)
        {
            await WaitForCircuitAsync(watcher.Page);
        }
    }

    /// <summary>Waits until every page that may see the campaign shows its card (without a reload: the pages were open before it started).</summary>
    public async Task WaitForCardsAsync(Guid campaignId)
    {
        foreach (var watcher in _watchers.Where(w => w.SeesCampaign))
        {
            await Assertions.Expect(Card(watcher.Page, campaignId)).ToBeVisibleAsync(new() { Timeout = Patience });
        }
    }

    /// <summary>
    /// Waits (without reloading) until every page that may see the campaign shows its row as sent,
    /// then reads the records; and counts the pages of other clients that showed it at any time.
    /// </summary>
    public async Task<(IReadOnlyList<WatchedProgress> Watched, int ForeignPagesThatShowedIt)> ReadAsync(Guid campaignId)
    {
        var watched = new List<WatchedProgress>();
        var foreign = 0;
        foreach (var watcher in _watchers)
        {
            if (watcher.SeesCampaign)
            {
                await Assertions.Expect(Row(watcher.Page, campaignId).Locator("[data-field=status]"))
                    .ToHaveTextAsync("Envoyée", new() { Timeout = Patience });
            }

            var record = await watcher.Page.EvaluateAsync<JsonElement>("() => window.presencaBench");
            var rendered = record.GetProperty("rendered");
            var progress = new WatchedProgress(
                watcher.Email,
                campaignId,
                record.GetProperty("loads").GetInt32(),
                new WatchedChange(Epoch(rendered.GetProperty("at")), rendered.GetProperty("figures").GetString()!),
                [.. record.GetProperty("changes").EnumerateArray().Select(c => new WatchedChange(Epoch(c.GetProperty("at")), c.GetProperty("figures").GetString()!))]);
            if (watcher.SeesCampaign)
            {
                watched.Add(progress);
            }
            else if (await Card(watcher.Page, campaignId).CountAsync() + await Row(watcher.Page, campaignId).CountAsync() > 0)
            {
                // A page of another client must show nothing of the campaign. (Its own rows do change:
                // the table loads them once the circuit is up.)
                foreign++;
            }
        }

        return (watched, foreign);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    public static Task WaitForCircuitAsync(IPage page) => BenchChromium.WaitForCircuitAsync(page);

    private static ILocator Card(IPage page, Guid campaignId) =>
        page.Locator(string.Create(CultureInfo.InvariantCulture, $"[data-testid=campaign-progress][data-campaign-id=\"{campaignId}\"]"));

    private static ILocator Row(IPage page, Guid campaignId) =>
        page.Locator("tr").Filter(new() { Has = page.Locator(string.Create(CultureInfo.InvariantCulture, $"[data-campaign-row=\"{campaignId}\"]")) });

    private static DateTimeOffset Epoch(JsonElement milliseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(milliseconds.GetDouble() * TimeSpan.TicksPerMillisecond));

    private sealed record Watcher(string Email, bool SeesCampaign, IPage Page);
}
