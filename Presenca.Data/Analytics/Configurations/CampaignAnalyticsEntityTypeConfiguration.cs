using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class CampaignAnalyticsEntityTypeConfiguration : IEntityTypeConfiguration<CampaignAnalytics>
{
    public void Configure(EntityTypeBuilder<CampaignAnalytics> builder)
    {
        builder.HasNoKey().ToView("campaign_analytics");
        builder.Property(a => a.CampaignStatus).HasSnakeCaseConversion();
        builder.Property(a => a.SuccessRate).HasColumnType("numeric");
        builder.Property(a => a.DeliveryRate).HasColumnType("numeric");
        builder.Property(a => a.UnsubscribeRate).HasColumnType("numeric");
    }
}
