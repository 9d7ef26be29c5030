using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Contacts.Configurations;

internal sealed class ContactImportEntityTypeConfiguration : IEntityTypeConfiguration<ContactImport>
{
    public void Configure(EntityTypeBuilder<ContactImport> builder)
    {
        builder.ToTable("contact_imports");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(e => e.Status).HasSnakeCaseConversion();
        builder.Property(e => e.HeartbeatAt).HasDefaultValueSql("now()");
        builder.Ignore(e => e.IsFinished);
        builder.HasAuditColumns();
    }
}
