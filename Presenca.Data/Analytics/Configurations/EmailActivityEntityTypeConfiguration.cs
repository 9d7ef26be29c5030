using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class EmailActivityEntityTypeConfiguration : IEntityTypeConfiguration<EmailActivity>
{
    public void Configure(EntityTypeBuilder<EmailActivity> builder)
    {
        builder.HasNoKey().ToView("email_activity");
        builder.Property(a => a.Status).HasSnakeCaseConversion();
    }
}
