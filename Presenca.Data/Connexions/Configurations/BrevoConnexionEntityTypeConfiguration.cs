using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Connexions.Secrets;

namespace Presenca.Data.Connexions.Configurations;

internal sealed class BrevoConnexionEntityTypeConfiguration(SecretConverter secrets) : IEntityTypeConfiguration<BrevoConnexion>
{
    public void Configure(EntityTypeBuilder<BrevoConnexion> builder)
    {
        ConnexionColumns.Map(builder, "brevo_", "brevo_last_synchro");
        builder.Property(e => e.ApiKey).HasColumnName("brevo_api_key").IsSecret(secrets);
        builder.Property(e => e.WebhookSecret).HasColumnName("brevo_webhook_secret").IsSecret(secrets);
        builder.Property(e => e.SandboxDrop).HasColumnName("brevo_sandbox_drop");
        builder.Property(e => e.Commentaire).HasColumnName("brevo_commentaire");
        builder.Property(e => e.NomCompte).HasColumnName("brevo_nom_compte");
        builder.Property(e => e.EmailCompte).HasColumnName("brevo_email_compte");
        builder.Property(e => e.Plan).HasColumnName("brevo_plan");
        builder.Property(e => e.Credits).HasColumnName("brevo_credits").HasPrecision(14, 2);
    }
}
