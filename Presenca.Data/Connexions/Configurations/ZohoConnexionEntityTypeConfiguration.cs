using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Connexions.Secrets;

namespace Presenca.Data.Connexions.Configurations;

internal sealed class ZohoConnexionEntityTypeConfiguration(SecretConverter secrets) : IEntityTypeConfiguration<ZohoConnexion>
{
    public void Configure(EntityTypeBuilder<ZohoConnexion> builder)
    {
        ConnexionColumns.Map(builder, "zoho_", "zoho_derniere_synchro");
        builder.Property(e => e.ApiKey).HasColumnName("zoho_api_key").IsSecret(secrets);
        builder.Property(e => e.EmailCompte).HasColumnName("zoho_email_compte");
        builder.Property(e => e.NomCompte).HasColumnName("zoho_nom_compte");
    }
}
