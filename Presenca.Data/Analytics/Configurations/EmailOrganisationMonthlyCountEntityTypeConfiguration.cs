using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class EmailOrganisationMonthlyCountEntityTypeConfiguration : IEntityTypeConfiguration<EmailOrganisationMonthlyCount>
{
    public void Configure(EntityTypeBuilder<EmailOrganisationMonthlyCount> builder)
    {
        builder.ToTable("email_organisation_monthly_counts");
        builder.HasKey(c => new { c.ClientId, c.Month, c.RecipientOrganization });
    }
}
