using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Tenancy.Configurations;

internal sealed class OrganisationEntityTypeConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.HasKey(e => e.OrganisationId);
        builder.Property(e => e.OrganisationId).HasDefaultValueSql("gen_random_uuid()");
        builder.HasAuditColumns();
    }
}
