using Microsoft.EntityFrameworkCore;
using Presenca.Data.Tenancy;

namespace Presenca.Data;

public sealed partial class PresencaDbContext
{
    /// <summary>Read-only for the app: the database refuses it any write (see 0001_tenancy.sql).</summary>
    public DbSet<AuditTrailEntry> AuditTrail => Set<AuditTrailEntry>();

    // The same rule as the audit_trail_read policy: admins read everything, a director the
    // changes of the network's clients, agency staff nothing.
    private void AddAdministrationFilters(ModelBuilder builder) =>
        builder.Entity<AuditTrailEntry>().HasQueryFilter(e => CallerIsAdmin
            || (CallerIsDirector
                && e.OrganisationId == CallerOrganisationId
                && (e.ClientId == CallerClientId
                    || Clients.Any(c => c.ClientId == e.ClientId && c.ReseauId == CallerClientId))));
}
