using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Presenca.Web.Contacts;

/// <summary>
/// Accepted uploads handed from the request to <see cref="ContactImportWorker"/>, and the imports
/// this process holds (queued or running) until they end: <see cref="ContactImportWatchdog"/>
/// keeps their heartbeat going.
/// </summary>
public sealed class ContactImportQueue
{
    private readonly Channel<ContactImportJob> _jobs = Channel.CreateUnbounded<ContactImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, byte> _held = new();

    public async ValueTask EnqueueAsync(ContactImportJob job, CancellationToken cancellationToken = default)
    {
        _held[job.ImportId] = 0;
        await _jobs.Writer.WriteAsync(job, cancellationToken);
    }

    public IAsyncEnumerable<ContactImportJob> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);

    /// <summary>The import ended (or failed): this process no longer answers for it.</summary>
    public void Release(Guid importId) => _held.TryRemove(importId, out _);

    public Guid[] Held() => [.. _held.Keys];
}
