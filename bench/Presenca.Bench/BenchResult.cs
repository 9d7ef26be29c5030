namespace Presenca.Bench;

/// <summary>One measured thing and its figures in milliseconds.</summary>
public sealed record BenchResult(string Name, int Count, double Median, double P95, double Min, double Max)
{
    public static BenchResult Of(string name, IReadOnlyCollection<TimeSpan> times)
    {
        var sorted = times.Select(t => t.TotalMilliseconds).Order().ToArray();
        return new BenchResult(name, sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), sorted[0], sorted[^1]);
    }

    public static BenchResult Single(string name, TimeSpan time) => Of(name, [time]);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, int percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
