using System.Threading.Channels;
using Presenca.Web.Live;

namespace Presenca.Web.Tests.Live;

/// <summary>
/// How long a watching page waits between a notification and its render: a notification heard just
/// after a render is answered within <see cref="LiveFeed.MinimumInterval"/>, and those heard
/// meanwhile fold into that one render (issue 11: NOTIFY to DOM within 250 ms at p95).
/// </summary>
public sealed class CoalescedRefreshTests
{
    private static readonly Guid Client = Guid.NewGuid();

    [Fact]
    public async Task A_notification_heard_just_after_a_render_is_rendered_within_a_tenth_of_a_second_with_those_heard_meanwhile()
    {
        var clock = new ManualClock();
        var renders = Channel.CreateUnbounded<(DateTimeOffset At, IReadOnlyList<LiveNotification> Answered)>();
        var refresh = new CoalescedRefresh(
            answered => renders.Writer.WriteAsync((clock.GetUtcNow(), answered)).AsTask(), LiveFeed.MinimumInterval, clock, _ => { }, _ => { });
        var first = Notification();
        var second = Notification();
        var third = Notification();
        var startedAt = clock.GetUtcNow();

        await refresh.RequestIfAsync(Task.FromResult(true), first);
        var firstRender = await renders.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        clock.Advance(TimeSpan.FromMilliseconds(10));
        var waiting = refresh.RequestIfAsync(Task.FromResult(true), second);
        clock.Advance(TimeSpan.FromMilliseconds(40));
        await refresh.RequestIfAsync(Task.FromResult(true), third);
        clock.Advance(TimeSpan.FromMilliseconds(49));
        var renderedTooSoon = renders.Reader.TryRead(out _);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var secondRender = await renders.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(startedAt, firstRender.At);
        Assert.Equal([first], firstRender.Answered);
        Assert.False(renderedTooSoon);
        Assert.Equal(startedAt.AddMilliseconds(100), secondRender.At);
        Assert.Equal([second, third], secondRender.Answered);
        // The render answered the third too: nothing is left to render again.
        Assert.False(renders.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_refresh_that_fails_is_tried_again_a_second_later_with_the_same_notifications_and_those_heard_since()
    {
        var clock = new ManualClock();
        var attempts = Channel.CreateUnbounded<(DateTimeOffset At, IReadOnlyList<LiveNotification> Answered)>();
        var failures = new List<Exception>();
        var refresh = new CoalescedRefresh(
            async answered =>
            {
                await attempts.Writer.WriteAsync((clock.GetUtcNow(), answered));
                if (failures.Count == 0)
                {
                    throw new TimeoutException("la base ne répond pas");
                }
            },
            LiveFeed.MinimumInterval, clock, _ => { }, failures.Add);
        var ended = Notification();
        var later = Notification();
        var startedAt = clock.GetUtcNow();

        var first = refresh.RequestIfAsync(Task.FromResult(true), ended);
        var failed = await attempts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await refresh.RequestIfAsync(Task.FromResult(true), later);
        clock.Advance(CoalescedRefresh.RetryAfter - TimeSpan.FromMilliseconds(1));
        var retriedTooSoon = attempts.Reader.TryRead(out _);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var retried = await attempts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await first.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([ended], failed.Answered);
        Assert.IsType<TimeoutException>(Assert.Single(failures));
        Assert.False(retriedTooSoon);
        Assert.Equal(startedAt + CoalescedRefresh.RetryAfter, retried.At);
        Assert.Equal([ended, later], retried.Answered);
        Assert.False(attempts.Reader.TryRead(out _));
    }

    private static LiveNotification Notification() => new(LiveChannels.CampaignProgress, Client, Guid.NewGuid());

    /// <summary>A clock that moves only when told, firing the timers that fall due.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly Lock _lock = new();
        private readonly List<ManualTimer> _timers = [];
        private DateTimeOffset _now = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow()
        {
            lock (_lock)
            {
                return _now;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        public void Advance(TimeSpan by)
        {
            List<ManualTimer> due;
            lock (_lock)
            {
                _now += by;
                due = [.. _timers.Where(t => t.DueAt <= _now)];
                _timers.RemoveAll(due.Contains);
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }
        }

        private void Schedule(ManualTimer timer, TimeSpan? dueTime)
        {
            lock (_lock)
            {
                _timers.Remove(timer);
                if (dueTime is { } wait)
                {
                    timer.DueAt = _now + wait;
                    _timers.Add(timer);
                }
            }
        }

        private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
        {
            public DateTimeOffset DueAt { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                clock.Schedule(this, dueTime == Timeout.InfiniteTimeSpan ? null : dueTime);
                return true;
            }

            public void Fire() => callback(state);

            public void Dispose() => clock.Schedule(this, null);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
