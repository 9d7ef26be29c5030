using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class DashboardAnalyticsEntityTypeConfiguration : IEntityTypeConfiguration<DashboardAnalytics>
{
    public void Configure(EntityTypeBuilder<DashboardAnalytics> builder) => builder.HasNoKey().ToView("dashboard_analytics");
}
