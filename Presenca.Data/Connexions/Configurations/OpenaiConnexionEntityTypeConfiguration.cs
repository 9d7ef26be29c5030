using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Connexions.Secrets;

namespace Presenca.Data.Connexions.Configurations;

internal sealed class OpenaiConnexionEntityTypeConfiguration(SecretConverter secrets) : IEntityTypeConfiguration<OpenaiConnexion>
{
    public void Configure(EntityTypeBuilder<OpenaiConnexion> builder)
    {
        ConnexionColumns.Map(builder, "openai_", "openai_derniere_synchro");
        builder.Property(e => e.ApiKey).HasColumnName("openai_api_key").IsSecret(secrets);
        builder.Property(e => e.EmailCompte).HasColumnName("openai_email_compte");
        builder.Property(e => e.OpenaiOrganisationId).HasColumnName("openai_organisation_id");
        builder.Property(e => e.ProjectId).HasColumnName("openai_project_id");
        builder.Property(e => e.ModelesAutorises).HasColumnName("openai_modeles_autorises").HasColumnType("text[]");
        builder.Property(e => e.CoutActuelMois).HasColumnName("openai_cout_actuel_mois").HasPrecision(14, 4);
        builder.Property(e => e.LimiteCoutMois).HasColumnName("openai_limite_cout_mois").HasPrecision(14, 4);
        builder.Property(e => e.MoisCout).HasColumnName("openai_mois_cout");
    }
}
