namespace Presenca.Web.Live;

/// <summary>
/// Runs a refresh after a notification, never two at once and never closer together than
/// <paramref name="interval"/>; notifications that arrive meanwhile fold into one more run,
/// which receives them all, oldest first. After each run, <paramref name="refreshed"/> learns when
/// the oldest notification it answered was heard. A refresh that throws (the database away for a
/// moment) is told to <paramref name="failed"/> and tried again with the same notifications after
/// <see cref="RetryAfter"/>: the last notification of a campaign is often the one saying it ended,
/// and a page that dropped it would show the campaign in flight for good.
/// </summary>
internal sealed class CoalescedRefresh(
    Func<IReadOnlyList<LiveNotification>, Task> refresh, TimeSpan interval, TimeProvider time, Action<long> refreshed, Action<Exception> failed)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private bool _running;
    private bool _stopped;
    // The earliest the next run may start: the interval after the last one, or the retry delay after a failure.
    private DateTimeOffset _nextRunAt = DateTimeOffset.MinValue;
    private List<LiveNotification> _waiting = [];

    public async Task RequestIfAsync(Task<bool> condition, LiveNotification notification)
    {
        try
        {
            if (await condition)
            {
                await RequestAsync(notification);
            }
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away while the check ran.
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }
    }

    private async Task RequestAsync(LiveNotification notification)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _waiting.Add(notification);

            if (_running)
            {
                return;
            }

            _running = true;
        }

        while (true)
        {
            // A rate limit, not a wait for a condition: the next render may not come sooner.
            var wait = _nextRunAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time);
            }

            _nextRunAt = time.GetUtcNow() + interval;
            List<LiveNotification> answering;
            lock (_lock)
            {
                (answering, _waiting) = (_waiting, []);
            }

            try
            {
                await refresh(answering);
                refreshed(answering.Where(n => n.HeardAt != 0).Select(n => n.HeardAt).DefaultIfEmpty().Min());
            }
            catch (Exception e) when (e is not ObjectDisposedException)
            {
                failed(e);
                lock (_lock)
                {
                    _waiting.InsertRange(0, answering);
                }

                _nextRunAt = time.GetUtcNow() + RetryAfter;
            }

            lock (_lock)
            {
                // Only what arrived during the refresh calls for another: one that the refresh
                // already answered must not cost the page a render that changes nothing.
                if (_waiting.Count == 0 || _stopped)
                {
                    _running = false;
                    return;
                }
            }
        }
    }
}
