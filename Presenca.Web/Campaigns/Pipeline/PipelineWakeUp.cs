namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// Tells this process's pipeline loops that work just appeared (a campaign started here, a chunk
/// of recipients committed here), so they look now instead of at their next poll. Other processes
/// find the same work at their next poll: PostgreSQL remains the only coordination between them.
/// </summary>
public sealed class PipelineWakeUp
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next <see cref="Pulse"/> comes; take it before looking for work, so no pulse is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="next"/> (from <see cref="Next"/>) or the poll interval, whichever comes first.</summary>
    public static async Task WaitAsync(Task next, TimeSpan poll, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(poll, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }
}
