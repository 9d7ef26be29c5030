using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Presenca.Data.Connexions;
using Presenca.Data.Connexions.Configurations;
using Presenca.Data.Connexions.Secrets;

namespace Presenca.Data;

public sealed partial class PresencaDbContext
{
    public DbSet<BrevoConnexion> BrevoConnexions => Set<BrevoConnexion>();

    public DbSet<ZohoConnexion> ZohoConnexions => Set<ZohoConnexion>();

    public DbSet<OpenaiConnexion> OpenaiConnexions => Set<OpenaiConnexion>();

    public DbSet<InstagramConnexion> InstagramConnexions => Set<InstagramConnexion>();

    /// <summary>
    /// The connexion tables (their configurations need the secret protector, so they are applied
    /// here rather than found by ApplyConfigurationsFromAssembly) and their tenant filters: the
    /// caller's clients, plus the caller's network's connexions that the network shares.
    /// </summary>
    private void AddConnexionsFilters(ModelBuilder builder)
    {
        var protector = this.GetService<IDbContextOptions>().FindExtension<SecretProtectionExtension>()?.Protector
            ?? MissingSecretProtector.Instance;
        var secrets = new SecretConverter(protector);
        builder.ApplyConfiguration(new BrevoConnexionEntityTypeConfiguration(secrets));
        builder.ApplyConfiguration(new ZohoConnexionEntityTypeConfiguration(secrets));
        builder.ApplyConfiguration(new OpenaiConnexionEntityTypeConfiguration(secrets));
        builder.ApplyConfiguration(new InstagramConnexionEntityTypeConfiguration(secrets));

        FilterConnexion<BrevoConnexion>(builder);
        FilterConnexion<ZohoConnexion>(builder);
        FilterConnexion<OpenaiConnexion>(builder);
        FilterConnexion<InstagramConnexion>(builder);
    }

    // A connexion is also visible to the agencies of the network that shares it.
    private void FilterConnexion<T>(ModelBuilder builder)
        where T : Connexion =>
        builder.Entity<T>().HasQueryFilter(c => CallerIsAdmin
            || (c.OrganisationId == CallerOrganisationId
                && (c.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == c.ClientId && k.ReseauId == CallerClientId))
                    || (c.PartageAgences && c.ClientId == CallerReseauId))));
}
