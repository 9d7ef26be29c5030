namespace Presenca.Web.Live;

/// <summary>
/// Runs a refresh after a request, never two at once and never closer together than
/// <see cref="LiveFeed.MinimumInterval"/>; requests that arrive meanwhile fold into one more run.
/// </summary>
internal sealed class CoalescedRefresh(Func<Task> refresh, TimeProvider time)
{
    private readonly Lock _lock = new();
    private bool _running;
    private bool _pending;
    private bool _stopped;
    private DateTimeOffset _lastRun = DateTimeOffset.MinValue;

    public async Task RequestIfAsync(Task<bool> condition)
    {
        try
        {
            if (await condition)
            {
                await RequestAsync();
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

    private async Task RequestAsync()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
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
            await refresh();
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
