using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Tenancy.Configurations;

internal sealed class AgenceIndependanteEntityTypeConfiguration : IEntityTypeConfiguration<AgenceIndependante>
{
    public void Configure(EntityTypeBuilder<AgenceIndependante> builder)
    {
        builder.ToTable("agence_independante");
        builder.HasKey(e => e.AgenceIndependanteId);
        builder.Property(e => e.AgenceIndependanteId).HasDefaultValueSql("gen_random_uuid()");
        builder.HasAuditColumns();
    }
}
