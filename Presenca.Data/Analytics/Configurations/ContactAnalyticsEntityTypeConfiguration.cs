using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class ContactAnalyticsEntityTypeConfiguration : IEntityTypeConfiguration<ContactAnalytics>
{
    public void Configure(EntityTypeBuilder<ContactAnalytics> builder)
    {
        builder.HasNoKey().ToView("contact_analytics");
        builder.Property(a => a.DeliveryRate).HasColumnType("numeric");
    }
}
