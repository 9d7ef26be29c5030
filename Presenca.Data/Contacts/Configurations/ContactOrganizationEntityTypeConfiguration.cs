using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Contacts.Configurations;

internal sealed class ContactOrganizationEntityTypeConfiguration : IEntityTypeConfiguration<ContactOrganization>
{
    public void Configure(EntityTypeBuilder<ContactOrganization> builder)
    {
        builder.ToTable("contact_organizations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.HasAuditColumns();
    }
}
