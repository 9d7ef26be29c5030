using System.Collections.Concurrent;
using System.Diagnostics;

namespace Presenca.Web.Live;

/// <summary>
/// For the fan-out benchmark only (<c>Presenca:Diagnostics:Enabled</c>): how long each circuit took
/// from hearing a NOTIFY to having rendered what it re-read (the render batch is on its way to
/// the browser when the refresh returns). Records nothing unless enabled.
/// </summary>
public sealed class LiveRenderLatency(bool enabled)
{
    // A benchmark run records a few hundred thousand figures at most; past that, stop rather than grow.
    private const int MaxRecorded = 1_000_000;

    private readonly ConcurrentQueue<(int Circuit, double Milliseconds)> _recorded = new();
    private int _circuits;

    public bool Enabled => enabled;

    /// <summary>A number for a new circuit's feed, so figures can be told apart per circuit.</summary>
    public int NewCircuit() => Interlocked.Increment(ref _circuits);

    public void Record(int circuit, long heardAt)
    {
        if (enabled && heardAt != 0 && _recorded.Count < MaxRecorded)
        {
            _recorded.Enqueue((circuit, Stopwatch.GetElapsedTime(heardAt).TotalMilliseconds));
        }
    }

    /// <summary>What was recorded since the last call, which starts a new recording.</summary>
    public IReadOnlyList<(int Circuit, double Milliseconds)> TakeAll()
    {
        var taken = new List<(int, double)>();
        while (_recorded.TryDequeue(out var figure))
        {
            taken.Add(figure);
        }

        return taken;
    }
}
