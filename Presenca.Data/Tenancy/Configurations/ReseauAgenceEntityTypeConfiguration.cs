using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Tenancy.Configurations;

internal sealed class ReseauAgenceEntityTypeConfiguration : IEntityTypeConfiguration<ReseauAgence>
{
    public void Configure(EntityTypeBuilder<ReseauAgence> builder)
    {
        builder.ToTable("reseau_agence");
        builder.HasKey(e => e.ReseauAgenceId);
        builder.Property(e => e.ReseauAgenceId).HasDefaultValueSql("gen_random_uuid()");
        builder.HasAuditColumns();
    }
}
