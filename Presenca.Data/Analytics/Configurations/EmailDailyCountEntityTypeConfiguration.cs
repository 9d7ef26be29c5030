using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class EmailDailyCountEntityTypeConfiguration : IEntityTypeConfiguration<EmailDailyCount>
{
    public void Configure(EntityTypeBuilder<EmailDailyCount> builder)
    {
        builder.ToTable("email_daily_counts");
        builder.HasKey(c => new { c.ClientId, c.Day, c.Status });
        builder.Property(c => c.Status).HasSnakeCaseConversion();
    }
}
