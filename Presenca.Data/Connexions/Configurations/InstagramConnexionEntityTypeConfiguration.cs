using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Connexions.Secrets;

namespace Presenca.Data.Connexions.Configurations;

internal sealed class InstagramConnexionEntityTypeConfiguration(SecretConverter secrets) : IEntityTypeConfiguration<InstagramConnexion>
{
    public void Configure(EntityTypeBuilder<InstagramConnexion> builder)
    {
        ConnexionColumns.Map(builder, "instagram_", "instagram_derniere_synchro");
        builder.Property(e => e.ConnexionKey).HasColumnName("instagram_connexion_key").IsSecret(secrets);
        builder.Property(e => e.AccessToken).HasColumnName("instagram_access_token").IsSecret(secrets);
        builder.Property(e => e.EmailCompte).HasColumnName("instagram_email_compte");
        builder.Property(e => e.TokenExpireAt).HasColumnName("instagram_token_expire_at");
        builder.Property(e => e.BusinessAccountId).HasColumnName("instagram_business_account_id");
        builder.Property(e => e.PageId).HasColumnName("instagram_page_id");
        builder.Property(e => e.Permissions).HasColumnName("instagram_permissions").HasColumnType("text[]");
        builder.Property(e => e.TypeCompte).HasColumnName("instagram_type_compte");
    }
}
