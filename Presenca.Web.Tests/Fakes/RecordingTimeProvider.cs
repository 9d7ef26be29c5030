using System.Collections.Concurrent;

namespace Presenca.Web.Tests.Fakes;

/// <summary>
/// A clock a test sets by hand, whose timers fire at once and remember what they were asked to
/// wait: code that sleeps "until its slot" can be checked for what it computed, without waiting.
/// </summary>
public sealed class RecordingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ConcurrentQueue<TimeSpan> RequestedDelays { get; } = new();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        RequestedDelays.Enqueue(dueTime);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
