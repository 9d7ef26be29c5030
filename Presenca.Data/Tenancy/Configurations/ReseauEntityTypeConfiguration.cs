using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Tenancy.Configurations;

internal sealed class ReseauEntityTypeConfiguration : IEntityTypeConfiguration<Reseau>
{
    public void Configure(EntityTypeBuilder<Reseau> builder)
    {
        builder.ToTable("reseaux");
        builder.HasKey(e => e.ReseauId);
        builder.Property(e => e.ReseauId).HasDefaultValueSql("gen_random_uuid()");
        builder.HasAuditColumns();
    }
}
