using System.Globalization;
using System.Runtime.InteropServices;

namespace Presenca.Bench;

/// <summary>The figures as a Markdown table, ready to paste into bench/RESULTS.md.</summary>
public static class BenchReport
{
    public static void Print(IReadOnlyList<BenchResult> results, BenchSettings settings)
    {
        Console.WriteLine($"Presenca bench, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        Console.WriteLine($"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, web app: {Path.GetFileName(settings.WebAssembly)}");
        if (File.Exists("/proc/loadavg"))
        {
            // Figures from a shared machine mean little without knowing how busy it was.
            Console.WriteLine($"Load average at the end (1, 5, 15 min): {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        }

        Console.WriteLine();
        Console.WriteLine("| Measure | n | p50 (ms) | p95 (ms) | min (ms) | max (ms) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.Count} | {result.Median:0.0} | {result.P95:0.0} | {result.Min:0.0} | {result.Max:0.0} |"));
        }
    }
}
