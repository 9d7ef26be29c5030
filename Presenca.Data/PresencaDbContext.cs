using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Presenca.Data.Identity;
using Presenca.Data.Modeling;
using Presenca.Data.Tenancy;

namespace Presenca.Data;

/// <summary>
/// The one EF context of Presenca. It maps onto the schema written in <c>migrations/*.sql</c>
/// (a test proves they agree) and scopes every query to its caller twice: here with query filters,
/// and in PostgreSQL with row-level security fed by <see cref="CallerSession"/>.
/// </summary>
public sealed partial class PresencaDbContext(DbContextOptions<PresencaDbContext> options, ICallerSource callers)
    : IdentityUserContext<PresencaUser, Guid>(options)
{
    public ICallerSource Callers { get; } = callers;

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Reseau> Reseaux => Set<Reseau>();

    public DbSet<ReseauAgence> ReseauAgences => Set<ReseauAgence>();

    public DbSet<AgenceIndependante> AgencesIndependantes => Set<AgenceIndependante>();

    // Query filters read these per query (EF turns them into parameters), so a context whose
    // caller changes mid-scope, as during sign-in, filters with the caller of the moment.
    private bool CallerIsAdmin => Callers.Current.IsAdmin;

    private bool CallerIsDirector => Callers.Current.IsDirector;

    private Guid? CallerUserId => Callers.Current.UserId;

    private Guid? CallerOrganisationId => Callers.Current.OrganisationId;

    private Guid? CallerClientId => Callers.Current.ClientId;

    private Guid? CallerReseauId => Callers.Current.ReseauId;

    private string? CallerSigningIn => Callers.Current.SigningInUserName;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PresencaDbContext).Assembly);
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        AddTenantFilters(builder);
        AddConnexionsFilters(builder);
        AddAdministrationFilters(builder);
        AddContactsFilters(builder);
        AddCampaignsFilters(builder);
        AddAnalyticsFilters(builder);
        builder.UseSnakeCaseColumns();
    }

    // The rule of the tenant tables' *_access policies: the caller's client, and for a director
    // every client of the network.
    private void FilterByClient<T>(ModelBuilder builder)
        where T : class, IClientOwned =>
        builder.Entity<T>().HasQueryFilter(e => CallerIsAdmin
            || (e.OrganisationId == CallerOrganisationId
                && (e.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == e.ClientId && k.ReseauId == CallerClientId)))));

    private void AddTenantFilters(ModelBuilder builder)
    {
        builder.Entity<Organisation>().HasQueryFilter(o => CallerIsAdmin || o.OrganisationId == CallerOrganisationId);

        builder.Entity<Client>().HasQueryFilter(c => CallerIsAdmin
            || (c.OrganisationId == CallerOrganisationId
                && (c.ClientId == CallerClientId
                    || (CallerIsDirector && c.ReseauId == CallerClientId)
                    || c.ClientId == CallerReseauId)));

        builder.Entity<Reseau>().HasQueryFilter(r => CallerIsAdmin
            || (r.OrganisationId == CallerOrganisationId
                && r.ReseauId == CallerReseauId));

        builder.Entity<ReseauAgence>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId
                && (a.ReseauAgenceId == CallerClientId || (CallerIsDirector && a.ReseauId == CallerClientId))));

        builder.Entity<AgenceIndependante>().HasQueryFilter(a => CallerIsAdmin
            || (a.OrganisationId == CallerOrganisationId && a.AgenceIndependanteId == CallerClientId));

        builder.Entity<PresencaUser>().HasQueryFilter(u => CallerIsAdmin
            || u.Id == CallerUserId
            || (CallerSigningIn != null && u.NormalizedUserName == CallerSigningIn)
            || (u.OrganisationId == CallerOrganisationId
                && (u.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(c => c.ClientId == u.ClientId && c.ReseauId == CallerClientId)))));
    }
}
