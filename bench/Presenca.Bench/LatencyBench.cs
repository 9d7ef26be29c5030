using System.Diagnostics;
using System.Net;

namespace Presenca.Bench;

/// <summary>
/// One client, requests one after another on a kept-alive connection: the latency a person sees
/// from a page render, not the server's throughput (wrk or hyperfine are for that).
/// </summary>
public static class LatencyBench
{
    public static async Task<BenchResult> RunAsync(Uri baseAddress, string path, BenchSettings settings)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        for (var warmup = 0; warmup < settings.WarmupRequests; warmup++)
        {
            await GetAsync(http, path);
        }

        var times = new List<TimeSpan>(settings.Requests);
        for (var request = 0; request < settings.Requests; request++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(http, path);
            times.Add(watch.Elapsed);
        }

        return BenchResult.Of($"GET {path} (sequential, {settings.Requests} requests)", times);
    }

    private static async Task GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
        }

        // Read the whole page: the time includes rendering and sending it, as a browser would wait for.
        await response.Content.ReadAsByteArrayAsync();
    }
}
