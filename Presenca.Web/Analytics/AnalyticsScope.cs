using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Analytics;

/// <summary>
/// The clients whose figures Analytique adds up: the caller's own client, every client of the
/// network for a director, every client for an admin (the rule of the analytics query filters),
/// narrowed to the client chosen in the filter. Read once per page through the clients query
/// filter, then given to every query as <c>client_id = any(@ids)</c>, which the client-led indexes
/// and counters serve directly. The generic filters test a director's rows with a per-row
/// <c>exists</c> on clients, which PostgreSQL costs so high that it scanned whole tables and
/// compiled them with JIT (a second for 200,000 contacts). Row-level security still applies to
/// every query underneath.
/// </summary>
public sealed record AnalyticsScope(Guid? OrganisationId, IReadOnlyList<(Guid Id, string Name)> Clients, IReadOnlyList<Guid> ClientIds)
{
    public static async Task<AnalyticsScope> LoadAsync(PresencaDbContext db, AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        var visible = (await VisibleClients(db).Select(k => new { k.ClientId, k.ClientNom }).ToListAsync(cancellationToken))
            .Select(k => (k.ClientId, k.ClientNom)).ToList();
        var caller = db.Callers.Current;
        var ids = visible.Select(k => k.ClientId).Where(id => filter.ClientId is not { } chosen || id == chosen).ToList();
        return new AnalyticsScope(caller.IsAdmin ? null : caller.OrganisationId, visible, ids);
    }

    /// <summary>The clients whose figures the caller sees, by name.</summary>
    public static IQueryable<Client> VisibleClients(PresencaDbContext db)
    {
        var caller = db.Callers.Current;
        var clients = db.Clients.AsNoTracking();
        if (!caller.IsAdmin)
        {
            clients = clients.Where(k => k.ClientId == caller.ClientId || (caller.IsDirector && k.ReseauId == caller.ClientId));
        }

        return clients.OrderBy(k => k.ClientNom);
    }
}
