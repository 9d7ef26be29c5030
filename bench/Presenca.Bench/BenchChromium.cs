using Microsoft.Playwright;

namespace Presenca.Bench;

/// <summary>
/// The benchmarks' browser: Debian's headless Chromium (never one Playwright downloads), signed
/// in through the login form as a person would, and waited on until a page runs in its circuit.
/// </summary>
public static class BenchChromium
{
    private const float Patience = 120_000;

    // As in Presenca.Web.Tests' BrowserFixture: quiet and offline in a container, no sandbox (root).
    private static readonly string[] Args =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Executable(),
        Headless = true,
        Args = Args,
    });

    /// <summary>
    /// Debian's Chromium, or PRESENCA_BENCH_CHROMIUM; with PRESENCA_BENCH_BROWSER_NICE=n, started
    /// under `nice -n n`: the browser stands in for the users' own machines, and at the lowest
    /// priority it no longer takes the server's two cores from it (the server's figures are then the
    /// server's; what the pages show still waits for the browser).
    /// </summary>
    private static string Executable()
    {
        var chromium = Environment.GetEnvironmentVariable("PRESENCA_BENCH_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!int.TryParse(Environment.GetEnvironmentVariable("PRESENCA_BENCH_BROWSER_NICE"), out var niceness))
        {
            return chromium;
        }

        var wrapper = Path.Combine(Path.GetTempPath(), $"presenca-chromium-nice-{niceness}.sh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec nice -n {niceness} '{chromium}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Console.WriteLine($"Browser started under nice -n {niceness}.");
        return wrapper;
    }

    /// <summary>
    /// A context signed in as <paramref name="email"/>, with <paramref name="initScript"/> installed in
    /// every page it opens; the page that signed in is returned too, on the dashboard in its circuit.
    /// </summary>
    public static async Task<(IBrowserContext Context, IPage Page)> SignInAsync(
        IBrowser browser, Uri app, string email, string password, string initScript, BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options ?? new BrowserNewContextOptions());
        await context.AddInitScriptAsync(scriptPath: initScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app, "/connexion").ToString());
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await WaitForCircuitAsync(page);
        return (context, page);
    }

    // A click made before the prerendered page's circuit is up can be lost: wait for it.
    public static Task WaitForCircuitAsync(IPage page) =>
        Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = Patience });
}
