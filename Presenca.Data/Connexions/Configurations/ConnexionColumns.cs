using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Connexions.Secrets;
using Presenca.Data.Modeling;

namespace Presenca.Data.Connexions.Configurations;

/// <summary>The columns every connexion table shares, under the table's prefix (seed 001).</summary>
internal static class ConnexionColumns
{
    public static void Map<T>(EntityTypeBuilder<T> builder, string prefix, string lastSyncColumn)
        where T : Connexion
    {
        builder.ToTable(prefix + "connexion");
        builder.HasKey(e => e.ConnexionId);
        builder.Ignore(e => e.Integration);
        builder.Ignore(e => e.MainSecret);
        builder.Property(e => e.ConnexionId).HasColumnName(prefix + "connexion_id").HasDefaultValueSql("gen_random_uuid()");
        builder.Property(e => e.OrganisationId).HasColumnName("organisation_id");
        builder.Property(e => e.ClientType).HasColumnName("client_type").HasSnakeCaseConversion();
        builder.Property(e => e.ClientId).HasColumnName("client_id");
        builder.HasIndex(e => e.ClientId).IsUnique();
        builder.Property(e => e.Actif).HasColumnName(prefix + "actif");
        builder.Property(e => e.DateActivation).HasColumnName(prefix + "date_activation");
        builder.Property(e => e.DerniereSynchro).HasColumnName(lastSyncColumn);
        builder.Property(e => e.StatutConnexion).HasColumnName(prefix + "statut_connexion").HasSnakeCaseConversion();
        builder.Property(e => e.DerniereErreur).HasColumnName(prefix + "derniere_erreur");
        builder.Property(e => e.LimiteQuotidienne).HasColumnName(prefix + "limite_quotidienne");
        builder.Property(e => e.UsageQuotidien).HasColumnName(prefix + "usage_quotidien");
        builder.Property(e => e.ResetQuotaAt).HasColumnName(prefix + "reset_quota_at");
        builder.Property(e => e.PartageAgences).HasColumnName(prefix + "partage_agences");
        builder.Property(e => e.AuditLog).HasColumnName(prefix + "audit_log").HasColumnType("jsonb");
        builder.Property(e => e.IaExtensions).HasColumnName(prefix + "ia_extensions").HasColumnType("jsonb");
        builder.HasAuditColumns(prefix);
    }

    /// <summary>A secret column: Data Protection ciphertext in the database, plaintext only in memory.</summary>
    public static PropertyBuilder<string?> IsSecret(this PropertyBuilder<string?> property, SecretConverter converter) =>
        property.HasConversion(converter);
}
