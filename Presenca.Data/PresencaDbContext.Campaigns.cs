using Microsoft.EntityFrameworkCore;
using Presenca.Data.Campaigns;

namespace Presenca.Data;

public sealed partial class PresencaDbContext
{
    public DbSet<EmailTemplate> EmailTemplates => Set<EmailTemplate>();

    public DbSet<EmailCampaign> EmailCampaigns => Set<EmailCampaign>();

    public DbSet<CampaignBatch> CampaignBatches => Set<CampaignBatch>();

    public DbSet<EmailSent> EmailsSent => Set<EmailSent>();

    // Same rule as the *_access policies of 0006 (and of contacts): the caller's client, and for a
    // director every client of the network.
    private void AddCampaignsFilters(ModelBuilder builder)
    {
        FilterByClient<EmailTemplate>(builder);
        FilterByClient<EmailCampaign>(builder);
        FilterByClient<CampaignBatch>(builder);
        FilterByClient<EmailSent>(builder);
    }
}
