using System.Threading.Channels;

namespace Presenca.Web.Contacts;

/// <summary>Accepted uploads handed from the request to <see cref="ContactImportWorker"/>.</summary>
public sealed class ContactImportQueue
{
    private readonly Channel<ContactImportJob> _jobs = Channel.CreateUnbounded<ContactImportJob>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(ContactImportJob job, CancellationToken cancellationToken = default) => _jobs.Writer.WriteAsync(job, cancellationToken);

    public IAsyncEnumerable<ContactImportJob> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);
}
