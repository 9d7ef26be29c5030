using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Contacts.Configurations;

internal sealed class ContactImportIssueEntityTypeConfiguration : IEntityTypeConfiguration<ContactImportIssue>
{
    public void Configure(EntityTypeBuilder<ContactImportIssue> builder)
    {
        builder.ToTable("contact_import_issues");
        builder.HasKey(e => new { e.ImportId, e.RowNumber });
        builder.Property(e => e.Kind).HasSnakeCaseConversion();
        builder.HasOne<ContactImport>().WithMany().HasForeignKey(e => e.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}
