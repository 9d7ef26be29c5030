namespace Presenca.Web.Contacts;

/// <summary>
/// Writes an import's progress in the background, the latest figure only: the import's own
/// statements never wait for a progress commit, and a slow one is coalesced rather than queued.
/// When nothing new comes for <see cref="Resend"/> (a step stalls: an overloaded machine, a lock
/// wait), the last figure is written again, a sign of life for the page and the import's heartbeat.
/// A write answering false means the import was declared dead (see <see cref="ContactImportWatchdog"/>):
/// the importer stops at its next <see cref="ThrowIfStopped"/>.
/// </summary>
internal sealed class ContactImportProgressPublisher : IAsyncDisposable
{
    public static readonly TimeSpan Resend = TimeSpan.FromMilliseconds(500);

    private readonly Func<int, int, Task<bool>> _write;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private (int Rows, int Percent)? _latest;
    private (int Rows, int Percent)? _written;
    private volatile bool _stopping;
    private volatile bool _lost;
    private Exception? _failure;

    /// <param name="write">Writes a figure; false when the import is no longer running.</param>
    /// <param name="written">The figure already written (resent if nothing new comes).</param>
    public ContactImportProgressPublisher(Func<int, int, Task<bool>> write, (int Rows, int Percent) written)
    {
        _write = write;
        _written = written;
        _loop = Task.Run(LoopAsync);
    }

    public void Publish(int rows, int percent)
    {
        lock (_gate)
        {
            _latest = (rows, percent);
        }

        _signal.Release();
    }

    public void ThrowIfStopped()
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("The import's progress could not be recorded.", failure);
        }

        if (_lost)
        {
            throw new ContactImportException(ContactImportLabels.Interrupted);
        }
    }

    /// <summary>Waits for the last figure published to be written, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _signal.Release();
        await _loop;
        _signal.Dispose();
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            var signalled = await _signal.WaitAsync(Resend);
            (int Rows, int Percent)? next;
            lock (_gate)
            {
                next = _latest ?? (signalled ? null : _written);
                _latest = null;
            }

            if (next is { } figure && !_lost && _failure is null)
            {
                try
                {
                    _lost = !await _write(figure.Rows, figure.Percent);
                    _written = figure;
                }
                catch (Exception error)
                {
                    _failure = error;
                }
            }

            if (_stopping)
            {
                return;
            }
        }
    }
}
