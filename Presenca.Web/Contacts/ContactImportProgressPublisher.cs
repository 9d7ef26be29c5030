namespace Presenca.Web.Contacts;

/// <summary>
/// Writes an import's progress in the background, the latest figure only: the import's own
/// statements never wait for a progress commit, and a slow one is coalesced rather than queued.
/// Only a figure that moved is written: the page's bar shows real progress, and the import's
/// heartbeat is kept by <see cref="ContactImportWatchdog"/>, not by repeated figures. A write answering false means the import was declared dead (see <see cref="ContactImportWatchdog"/>):
/// the importer stops at its next <see cref="ThrowIfStopped"/>.
/// </summary>
internal sealed class ContactImportProgressPublisher : IAsyncDisposable
{
    private readonly Func<int, int, Task<bool>> _write;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private (int Rows, int Percent)? _latest;
    private volatile bool _stopping;
    private volatile bool _lost;
    private Exception? _failure;

    /// <param name="write">Writes a figure; false when the import is no longer running.</param>
    public ContactImportProgressPublisher(Func<int, int, Task<bool>> write)
    {
        _write = write;
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
            await _signal.WaitAsync();
            (int Rows, int Percent)? next;
            lock (_gate)
            {
                next = _latest;
                _latest = null;
            }

            if (next is { } figure && !_lost && _failure is null)
            {
                try
                {
                    _lost = !await _write(figure.Rows, figure.Percent);
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
