namespace Presenca.Web.Live;

/// <summary>
/// Runs a refresh after a request, never two at once and never closer together than
/// <see cref="LiveFeed.MinimumInterval"/>; requests that arrive meanwhile fold into one more run.
/// After each run, <paramref name="refreshed"/> learns when the oldest notification it answered was heard.
/// </summary>
internal sealed class CoalescedRefresh(Func<Task> refresh, TimeProvider time, Action<long> refreshed)
{
    private readonly Lock _lock = new();
    private bool _running;
    private bool _pending;
    private bool _stopped;
    private DateTimeOffset _lastRun = DateTimeOffset.MinValue;
    private long _oldestWaiting;

    public async Task RequestIfAsync(Task<bool> condition, long heardAt = 0)
    {
        try
        {
            if (await condition)
            {
                await RequestAsync(heardAt);
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

    private async Task RequestAsync(long heardAt)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            if (_oldestWaiting == 0 || (heardAt != 0 && heardAt < _oldestWaiting))
            {
                _oldestWaiting = heardAt;
            }

            if (_running)
            {
                _pending = true;
                return;
            }

            _running = true;
        }

        while (true)
        {
            // A rate limit, not a wait for a condition: the next render may not come sooner.
            var wait = _lastRun + LiveFeed.MinimumInterval - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time);
            }

            _lastRun = time.GetUtcNow();
            long answering;
            lock (_lock)
            {
                answering = _oldestWaiting;
                _oldestWaiting = 0;
            }

            await refresh();
            refreshed(answering);
            lock (_lock)
            {
                if (!_pending || _stopped)
                {
                    _running = false;
                    return;
                }

                _pending = false;
            }
        }
    }
}
