using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// One headless Chromium (Debian's, at PRESENCA_TEST_CHROMIUM) shared by every test of the
/// <see cref="BrowserCollection"/>: starting a browser costs more than most tests. Each test gets
/// its own context (cookies, storage) through <see cref="RunWithPagesAsync"/>, so tests never share a session.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // Flags that keep a headless Chromium in a container quiet and offline: no sandbox (we may run
    // as root), no GPU, no background calls to Google services, no first-run UI.
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

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        // Generous: a 2-core machine running several test processes is slow to render, not broken.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        // Launch (not a persistent context) starts from a fresh temporary profile every time.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// Runs a browser test body in a fresh context. When it fails, a full-page screenshot of each
    /// page it opened is saved under TestResults/screenshots/&lt;TestName&gt;.png before the failure
    /// is rethrown. <paramref name="variant"/> tells apart the cases of a theory.
    /// </summary>
    public async Task RunWithPagesAsync(Func<BrowserSession, Task> body, string? variant = null, [CallerMemberName] string testName = "")
    {
        await using var session = new BrowserSession(Browser);
        try
        {
            await body(session);
        }
        catch
        {
            await TestScreenshots.SaveAsync(session.Pages, variant is null ? testName : $"{testName}_{variant}");
            throw;
        }
    }

    /// <summary>The same, for a test that needs one page.</summary>
    public Task RunAsync(Func<IPage, Task> body, string? variant = null, [CallerMemberName] string testName = "") =>
        RunWithPagesAsync(async session => await body(await session.NewPageAsync()), variant, testName);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    private static string ChromiumPath =>
        Environment.GetEnvironmentVariable("PRESENCA_TEST_CHROMIUM") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException(
                "PRESENCA_TEST_CHROMIUM is not set: run the tests through ./test.sh (it points it at /usr/bin/chromium).");
}

/// <summary>Every browser test class joins this collection, so they share one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
