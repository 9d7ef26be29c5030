using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Npgsql;
using Presenca.Bench.Pipeline.Browser;
using Presenca.Data.Migrations;
using Presenca.Web.Demo;
using static Presenca.Bench.Pipeline.BenchPostgres;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// MODE=circuits (issue 11 §8, memory per circuit): the web app's managed heap after a forced full
/// GC with <c>circuits</c> pages open on "Campagnes" and with none, both warm (one round of the
/// same pages opened and closed first), and the RSS difference beside it.
/// </summary>
public static partial class PipelineBench
{
    private static readonly TimeSpan CircuitPatience = TimeSpan.FromMinutes(5);

    public static async Task CircuitMemoryAsync(int circuits)
    {
        await RecreateAsync(Database);
        var owner = Owner(Database);
        await using var web = await StartWebAppAsync(App(Database), owner);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ProgressWatcher.LaunchAsync(playwright);
        var contexts = new List<IBrowserContext>();
        foreach (var account in DemoAccounts.All)
        {
            contexts.Add(await ProgressWatcher.SignedInContextAsync(browser, web.BaseAddress, account.Email, DemoAccounts.Password));
        }

        var f = CultureInfo.InvariantCulture;
        var warm = await OpenPagesAsync(contexts, web.BaseAddress, circuits);
        Console.WriteLine(string.Create(f, $"warm_round_open_seconds={warm.Elapsed.TotalSeconds:0.0} circuits={circuits}"));
        await ClosePagesAsync(warm.Pages);
        var none = await AppDiagnostics.ReadMemoryWhenAsync(web.BaseAddress, 0, CircuitPatience);
        var dump = Environment.GetEnvironmentVariable("GCDUMP") is { Length: > 0 } file ? file : null;
        if (dump is not null)
        {
            // The same app without circuits, to compare type by type with the dump taken below.
            await CollectGcDumpAsync(web.ProcessId, Path.ChangeExtension(dump, ".none" + Path.GetExtension(dump)));
        }

        var measured = await OpenPagesAsync(contexts, web.BaseAddress, circuits);
        var open = await AppDiagnostics.ReadMemoryWhenAsync(web.BaseAddress, circuits, CircuitPatience);
        Console.WriteLine(string.Create(f, $"open_seconds={measured.Elapsed.TotalSeconds:0.0}"));
        if (dump is not null)
        {
            // What the circuits hold, type by type: `dotnet-gcdump report` on the file.
            await CollectGcDumpAsync(web.ProcessId, dump);
        }

        Console.WriteLine(string.Create(f, $"managed_heap_mb none={none.ManagedHeapBytes / 1048576.0:0.0} open={open.ManagedHeapBytes / 1048576.0:0.0} per_circuit_kb={(open.ManagedHeapBytes - none.ManagedHeapBytes) / 1024.0 / circuits:0}"));
        Console.WriteLine(string.Create(f, $"working_set_mb none={none.WorkingSetBytes / 1048576.0:0.0} open={open.WorkingSetBytes / 1048576.0:0.0} per_circuit_kb={(open.WorkingSetBytes - none.WorkingSetBytes) / 1024.0 / circuits:0}"));
        await ClosePagesAsync(measured.Pages);
        Console.WriteLine(string.Create(f, $"load_average={File.ReadAllText("/proc/loadavg").Trim()}"));
    }

    private static async Task CollectGcDumpAsync(int processId, string file)
    {
        using var collect = Process.Start("dotnet-gcdump", ["collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", file]);
        await collect.WaitForExitAsync();
    }

    /// <summary>Opens "Campagnes" <paramref name="count"/> times, in turn in each user's context, and waits until every page runs in its circuit.</summary>
    private static async Task<(List<IPage> Pages, TimeSpan Elapsed)> OpenPagesAsync(List<IBrowserContext> contexts, Uri app, int count)
    {
        var clock = Stopwatch.StartNew();
        var pages = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            var page = await contexts[i % contexts.Count].NewPageAsync();
            await page.GotoAsync(new Uri(app, "/campagnes").ToString());
            pages.Add(page);
        }

        foreach (var page in pages)
        {
            await ProgressWatcher.WaitForCircuitAsync(page);
        }

        return (pages, clock.Elapsed);
    }

    // Closing a tab sends Blazor's disconnect, so the server drops the circuit at once rather than
    // keeping it for the retention period.
    private static async Task ClosePagesAsync(List<IPage> pages)
    {
        foreach (var page in pages)
        {
            await page.CloseAsync(new() { RunBeforeUnload = true });
        }
    }
}
