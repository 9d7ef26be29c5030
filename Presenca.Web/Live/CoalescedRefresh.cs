namespace Presenca.Web.Live;

/// <summary>
/// Runs a refresh after a notification, never two at once and never closer together than
/// <paramref name="interval"/>; notifications that arrive meanwhile fold into one more run,
/// which receives them all, oldest first. After each run, <paramref name="refreshed"/> learns when
/// the oldest notification it answered was heard.
/// </summary>
internal sealed class CoalescedRefresh(Func<IReadOnlyList<LiveNotification>, Task> refresh, TimeSpan interval, TimeProvider time, Action<long> refreshed)
{
    private readonly Lock _lock = new();
    private bool _running;
    private bool _stopped;
    private DateTimeOffset _lastRun = DateTimeOffset.MinValue;
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
            var wait = _lastRun + interval - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time);
            }

            _lastRun = time.GetUtcNow();
            List<LiveNotification> answering;
            lock (_lock)
            {
                (answering, _waiting) = (_waiting, []);
            }

            await refresh(answering);
            refreshed(answering.Where(n => n.HeardAt != 0).Select(n => n.HeardAt).DefaultIfEmpty().Min());
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
