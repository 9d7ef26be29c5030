using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Campaigns.Configurations;

internal sealed class EmailSentEntityTypeConfiguration : IEntityTypeConfiguration<EmailSent>
{
    public void Configure(EntityTypeBuilder<EmailSent> builder)
    {
        builder.ToTable("emails_sent");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(e => e.Status).HasSnakeCaseConversion();
        builder.Property(e => e.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(e => e.UpdatedAt).HasDefaultValueSql("now()");
    }
}
