using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Campaigns.Configurations;

internal sealed class CampaignBatchEntityTypeConfiguration : IEntityTypeConfiguration<CampaignBatch>
{
    public void Configure(EntityTypeBuilder<CampaignBatch> builder)
    {
        builder.ToTable("email_batches");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Status).HasSnakeCaseConversion();
    }
}
