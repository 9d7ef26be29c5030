using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Presenca.Data.Tenancy.Configurations;

internal sealed class AuditTrailEntryEntityTypeConfiguration : IEntityTypeConfiguration<AuditTrailEntry>
{
    public void Configure(EntityTypeBuilder<AuditTrailEntry> builder)
    {
        builder.ToTable("audit_trail");
        builder.HasKey(e => e.AuditId);
        builder.Property(e => e.AuditId).UseIdentityAlwaysColumn();
        builder.Property(e => e.ChangedFields).HasDefaultValueSql("'{}'");
        builder.Property(e => e.ChangedAt).HasDefaultValueSql("now()");
    }
}
