using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Campaigns.Configurations;

internal sealed class EmailCampaignEntityTypeConfiguration : IEntityTypeConfiguration<EmailCampaign>
{
    public void Configure(EntityTypeBuilder<EmailCampaign> builder)
    {
        builder.ToTable("email_campaigns");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(e => e.Status).HasSnakeCaseConversion();
        builder.Property(e => e.AudienceKind).HasSnakeCaseConversion();
        builder.Ignore(e => e.IsEditable);

        // Written by the emails_sent trigger or the pipeline only: EF reads them and never sends them back.
        foreach (var counter in new[]
                 {
                     nameof(EmailCampaign.TotalRecipients), nameof(EmailCampaign.PendingCount), nameof(EmailCampaign.SendingCount),
                     nameof(EmailCampaign.SentCount), nameof(EmailCampaign.DeliveredCount), nameof(EmailCampaign.FailedCount),
                     nameof(EmailCampaign.BouncedCount), nameof(EmailCampaign.OpenedCount), nameof(EmailCampaign.ClickedCount),
                     nameof(EmailCampaign.UnsubscribedCount),
                     nameof(EmailCampaign.CountersAt), nameof(EmailCampaign.NotifiedAt),
                     nameof(EmailCampaign.AudienceCutoff), nameof(EmailCampaign.PreparedThrough),
                     nameof(EmailCampaign.RecipientsToPrepare), nameof(EmailCampaign.RecipientsPrepared), nameof(EmailCampaign.Preparing),
                 })
        {
            var property = builder.Property(counter).Metadata;
            property.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
            property.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        }

        builder.HasAuditColumns();
    }
}
