using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Contacts.Configurations;

internal sealed class ContactEntityTypeConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("contacts");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(e => e.EmailLower).HasComputedColumnSql("lower(email)", stored: true);
        builder.Property(e => e.EmailDomain).HasComputedColumnSql("lower(split_part(email, '@', 2))", stored: true);
        // In the database the key is (client_id, organization_id): a company of the same owner only.
        builder.HasOne(e => e.Organization).WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasAuditColumns();
    }
}
