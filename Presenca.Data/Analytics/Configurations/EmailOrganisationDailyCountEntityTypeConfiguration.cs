using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class EmailOrganisationDailyCountEntityTypeConfiguration : IEntityTypeConfiguration<EmailOrganisationDailyCount>
{
    public void Configure(EntityTypeBuilder<EmailOrganisationDailyCount> builder)
    {
        builder.ToTable("email_organisation_daily_counts");
        builder.HasKey(c => new { c.ClientId, c.Day, c.RecipientOrganization });
    }
}
