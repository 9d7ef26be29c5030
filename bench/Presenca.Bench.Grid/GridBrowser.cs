using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Presenca.Bench.Grid;

/// <summary>
/// One headless Chromium (Debian's, never one Playwright downloads) signed in through the login
/// form, on "Contacts" in its circuit. Each change (a pager button, an order, a search) is made
/// through Playwright as a person would and timed by grid-timer.js inside the page, from the
/// click or input event to the grid's new rows; the round trip as Playwright sees it (the click's
/// actionability checks, the event, the wait, the answer) is timed beside it.
/// </summary>
public sealed class GridBrowser : IAsyncDisposable
{
    private const float Patience = 120_000;
    private const int ChangeTimeoutMs = 60_000;


    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly Uri _app;

    private GridBrowser(IPlaywright playwright, IBrowser browser, IPage page, Uri app)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _app = app;
    }

    public List<GridChange> Changes { get; } = [];

    public static async Task<GridBrowser> SignInAsync(Uri app, string email, string password)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await BenchChromium.LaunchAsync(playwright);
        var (_, page) = await BenchChromium.SignInAsync(browser, app, email, password, Path.Combine(AppContext.BaseDirectory, "grid-timer.js"),
            new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(Patience);
        return new GridBrowser(playwright, browser, page, app);
    }

    /// <summary>Opens the list (prerendered, then in its circuit) and returns what it says of its size.</summary>
    public async Task<(string Count, string PageNumber)> OpenContactsAsync()
    {
        await _page.GotoAsync(new Uri(_app, "/contacts").ToString());
        await BenchChromium.WaitForCircuitAsync(_page);
        await Assertions.Expect(Rows).ToHaveCountAsync(50);
        return (await _page.GetByTestId("contacts-count").InnerTextAsync(), await PageNumberAsync());
    }

    public Task<string> PageNumberAsync() => _page.GetByTestId("page-number").InnerTextAsync();

    /// <summary>Whether "Suivante →" can be clicked; the pager is not there at all when everything fits on one page.</summary>
    public async Task<bool> HasNextAsync() =>
        await _page.GetByTestId("page-next").CountAsync() > 0 && await _page.GetByTestId("page-next").IsEnabledAsync();

    public Task NextAsync(string kind, int expectedPage) => PagerAsync(kind, "page-next", expectedPage);

    public Task PreviousAsync(string kind, int expectedPage) => PagerAsync(kind, "page-previous", expectedPage);

    public Task FirstAsync(string kind) => PagerAsync(kind, "page-first", 1);

    /// <summary>Opens "Trier par" as a pointer would, then times the click on the order.</summary>
    public async Task SortAsync(string kind, string label)
    {
        await _page.Locator("[data-testid=contacts-sort]").Locator("xpath=ancestor-or-self::*[contains(@class,'mud-input-control')][1]").ClickAsync();
        var item = _page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*" + Regex.Escape(label) + "\\s*$") });
        await item.WaitForAsync();
        await TimeAsync(kind, () => item.ClickAsync());
        await Assertions.Expect(_page.GetByTestId("page-number")).ToHaveTextAsync(PageRegex(1));
    }

    /// <summary>
    /// Types the search (one input event, as a paste) and times it to the new rows: the field
    /// waits 300 ms after the last input before it searches (its DebounceInterval), included.
    /// </summary>
    public async Task SearchAsync(string kind, string text)
    {
        await TimeAsync(kind, () => _page.Locator("#q").FillAsync(text));
        await Assertions.Expect(_page).ToHaveURLAsync(new Regex(text.Length == 0 ? "/contacts$" : "[?&]q=" + Regex.Escape(Uri.EscapeDataString(text))));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    private ILocator Rows => _page.Locator("[data-testid=contacts-table] tbody tr td:first-child a");

    private async Task PagerAsync(string kind, string testId, int expectedPage)
    {
        await TimeAsync(kind, () => _page.GetByTestId(testId).ClickAsync());
        // A lost click would show as the next change starting from the wrong page.
        await Assertions.Expect(_page.GetByTestId("page-number")).ToHaveTextAsync(PageRegex(expectedPage));
    }

    private async Task TimeAsync(string kind, Func<Task> act)
    {
        await _page.EvaluateAsync("timeout => window.gridBench.arm(timeout)", ChangeTimeoutMs);
        var watch = Stopwatch.StartNew();
        await act();
        var result = await _page.EvaluateAsync<JsonElement>("() => window.gridBench.result()");
        var roundTrip = watch.Elapsed;
        Changes.Add(new GridChange(
            kind,
            TimeSpan.FromMilliseconds(result.GetProperty("dom").GetDouble()),
            TimeSpan.FromMilliseconds(result.GetProperty("painted").GetDouble()),
            roundTrip,
            result.GetProperty("rows").GetInt32(),
            result.GetProperty("first").GetString() ?? ""));
    }

    private static Regex PageRegex(int number) =>
        new("^Page " + number.ToString(CultureInfo.InvariantCulture) + "( sur .*)?$");

}

/// <summary>One change of the grid: in the browser (to the DOM, to the next frame) and as Playwright saw it.</summary>
public sealed record GridChange(string Kind, TimeSpan Dom, TimeSpan Painted, TimeSpan RoundTrip, int Rows, string FirstRow);
