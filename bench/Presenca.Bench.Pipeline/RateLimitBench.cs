using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Presenca.Web.Campaigns.Sending;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// How exactly <see cref="SendRateLimiter"/> holds a configured rate: two independent data
/// sources (two instances of the app, as far as PostgreSQL can tell), four callers each, all
/// asking for slots of one key at 10 calls/s for 20 s. The measured rate is the number of slots
/// used divided by the time between the first and the last one.
/// </summary>
public static class RateLimitBench
{
    public static async Task RunAsync(string appConnectionString)
    {
        const int callsPerMinute = 600;
        var duration = TimeSpan.FromSeconds(20);
        var key = "bench:" + Guid.NewGuid().ToString("N");
        var starts = new List<long>();
        var clock = Stopwatch.StartNew();
        var sources = new[] { NpgsqlDataSource.Create(appConnectionString), NpgsqlDataSource.Create(appConnectionString) };
        try
        {
            var callers = sources.SelectMany(source => Enumerable.Range(0, 4).Select(async _ =>
            {
                var limiter = new SendRateLimiter(source, TimeProvider.System);
                while (clock.Elapsed < duration)
                {
                    await limiter.WaitForSlotAsync(key, callsPerMinute, CancellationToken.None);
                    lock (starts)
                    {
                        starts.Add(clock.ElapsedTicks);
                    }
                }
            })).ToList();
            await Task.WhenAll(callers);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }

        starts.Sort();
        var seconds = (starts[^1] - starts[0]) / (double)Stopwatch.Frequency;
        var rate = (starts.Count - 1) / seconds;
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a) * 1000.0 / Stopwatch.Frequency).ToList();
        var f = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(f, $"configured_calls_per_second=10 measured_calls_per_second={rate:0.00} error_percent={(rate - 10) / 10 * 100:0.0} calls={starts.Count} callers=8 instances=2"));
        Console.WriteLine(string.Create(f, $"gap_ms_min={gaps.Min():0.0} gap_ms_max={gaps.Max():0.0}"));
    }
}
