using System.Collections.Concurrent;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Overview;

/// <summary>
/// Lets page loads that ask the same question for the same visible clients at the same time share
/// one read of the database, without ever handing anyone figures read before they asked: a load
/// that arrives while a read is running waits for the next one, which starts as soon as the
/// running one ends and serves every load that arrived meanwhile. Under 50 concurrent loads of
/// Aperçu by one agency, the database then answers a handful of reads instead of 50.
/// </summary>
/// <remarks>
/// The key is what determines the rows the caller may see: its organisation, its client and its
/// role (PostgreSQL's <c>visible_client_ids()</c> and <c>get_user_reseau_id()</c> are computed
/// from exactly these, and none of the reads here depends on the user). Two callers with another
/// client, organisation or role never share a read. The read itself still runs as the caller who
/// started it, through the query filters and row-level security. One instance per app (a
/// singleton), so two apps in one process (tests) never share.
/// </remarks>
public sealed class SharedReads
{
    private readonly ConcurrentDictionary<Key, Slot> _slots = new();

    public Task<T> ReadAsync<T>(string question, Caller caller, Func<Task<T>> read) where T : class
    {
        var slot = _slots.GetOrAdd(new Key(question, typeof(T), caller.OrganisationId, caller.ClientId, caller.Role, caller.UserId is not null), _ => new Slot());
        TaskCompletionSource<object> mine;
        lock (slot)
        {
            if (slot.Running is not null)
            {
                // The next read runs as the first load that queued for it: that load waits for it,
                // so its scope (its caller, its context factory) is still alive when it runs.
                if (slot.Queued is null)
                {
                    slot.Queued = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
                    slot.QueuedRead = async () => await read();
                }

                return Cast<T>(slot.Queued.Task);
            }

            mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            slot.Running = mine;
        }

        _ = RunAsync(slot, mine, async () => await read());
        return Cast<T>(mine.Task);
    }

    /// <summary>Runs reads one after the other while loads keep queueing behind the running one.</summary>
    private static async Task RunAsync(Slot slot, TaskCompletionSource<object> running, Func<Task<object>> read)
    {
        while (true)
        {
            try
            {
                running.SetResult(await read());
            }
            catch (Exception exception)
            {
                running.SetException(exception);
            }

            lock (slot)
            {
                if (slot.Queued is null)
                {
                    slot.Running = null;
                    return;
                }

                running = slot.Running = slot.Queued;
                read = slot.QueuedRead!;
                slot.Queued = null;
                slot.QueuedRead = null;
            }
        }
    }

    private static async Task<T> Cast<T>(Task<object> task) => (T)await task;

    private sealed record Key(string Question, Type Type, Guid? OrganisationId, Guid? ClientId, UserRole? Role, bool SignedIn);

    private sealed class Slot
    {
        public TaskCompletionSource<object>? Running { get; set; }

        public TaskCompletionSource<object>? Queued { get; set; }

        public Func<Task<object>>? QueuedRead { get; set; }
    }
}
