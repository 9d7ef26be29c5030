using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Presenca.Data;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Live;

/// <summary>
/// A circuit's view of <see cref="LiveEvents"/> (one per circuit, scoped). It passes on only the
/// notifications of clients that its caller may see, as PostgreSQL's visible_client_ids() decides
/// it for that caller, and coalesces bursts so that a component refreshes at most every
/// <see cref="MinimumInterval"/> (or the interval it asks for). The component then re-reads what it shows through its caller, or
/// shows the counters of a campaign notification it was handed: it was handed it only because
/// the campaign's client is one its caller may see.
/// </summary>
public sealed class LiveFeed(
    LiveEvents events, IDbContextFactory<PresencaDbContext> contexts, CallerSource callers, TimeProvider time, LiveRenderLatency latency,
    ILogger<LiveFeed> logger)
{
    /// <summary>
    /// Ten renders a second at most, whatever the rate of NOTIFYs. The sources already announce about
    /// four times a second (a campaign's trigger throttles at 250 ms, an import reports every
    /// 200 ms), so this bounds bursts of several of them; it is also the longest a notification
    /// waits for its render, and a page must follow its NOTIFY within 250 ms (issue 11), which a
    /// 250 ms spacing here alone used up whenever two notifications arrived close together.
    /// </summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// For a view that re-reads many figures on every refresh (Aperçu): once a second at most, so
    /// that pages left open during a large send do not cost the database a dozen queries each, four times a second.
    /// </summary>
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(1);

    // The set is read again past this age: a new agency appears, and a client the caller may no longer
    // see (its counters are shown straight from the notification) stops being passed on.
    private static readonly TimeSpan VisibleClientsMaxAge = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _visibleLock = new(1, 1);
    private readonly int _circuit = latency.NewCircuit();
    private HashSet<Guid>? _visibleClients;
    private DateTimeOffset _visibleClientsReadAt;

    /// <summary>
    /// Calls <paramref name="refresh"/> after notifications on <paramref name="channels"/> that
    /// <paramref name="concerns"/> accepts (all when null), for visible clients only, coalesced.
    /// Dispose the watch when the component goes.
    /// </summary>
    public IDisposable Watch(IReadOnlyCollection<string> channels, Func<Task> refresh, Func<LiveNotification, bool>? concerns = null, TimeSpan? interval = null) =>
        Watch(channels, _ => refresh(), concerns, interval);

    /// <summary>
    /// As above, and <paramref name="refresh"/> receives the notifications it answers, oldest first:
    /// every one of them is of a client the caller may see, so their counters may be shown as they are.
    /// </summary>
    public IDisposable Watch(IReadOnlyCollection<string> channels, Func<IReadOnlyList<LiveNotification>, Task> refresh, Func<LiveNotification, bool>? concerns = null,
        TimeSpan? interval = null)
    {
        var watch = new CoalescedRefresh(
            refresh, interval ?? MinimumInterval, time, heardAt => latency.Record(_circuit, heardAt),
            failure => logger.LogWarning(failure, "A live refresh failed; it is tried again in {Delay}", CoalescedRefresh.RetryAfter));
        var subscription = events.Subscribe(notification =>
        {
            if (channels.Contains(notification.Channel) && (concerns?.Invoke(notification) ?? true))
            {
                _ = watch.RequestIfAsync(IsVisibleAsync(notification.ClientId), notification);
            }
        });
        return new Watching(subscription, watch);
    }

    /// <summary>Whether the caller may see that client's rows, as PostgreSQL decides it.</summary>
    public async Task<bool> IsVisibleAsync(Guid clientId)
    {
        var caller = callers.Current;
        if (caller.UserId is null)
        {
            return false;
        }

        if (caller.IsAdmin)
        {
            return true;
        }

        await _visibleLock.WaitAsync();
        try
        {
            if (_visibleClients is null || time.GetUtcNow() - _visibleClientsReadAt > VisibleClientsMaxAge)
            {
                // The very function every tenant table's policy tests: the caller's clients whose data it may
                // see (reading the clients table would also show an agency its network's row).
                await using var db = await contexts.CreateDbContextAsync();
                _visibleClients = [.. await db.Database.SqlQuery<Guid>($"select unnest(visible_client_ids()) as \"Value\"").ToListAsync()];
                _visibleClientsReadAt = time.GetUtcNow();
            }

            return _visibleClients.Contains(clientId);
        }
        finally
        {
            _visibleLock.Release();
        }
    }

    private sealed class Watching(IDisposable subscription, CoalescedRefresh refresh) : IDisposable
    {
        public void Dispose()
        {
            subscription.Dispose();
            refresh.Stop();
        }
    }
}
