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
        builder.Entity<EmailTemplate>().HasQueryFilter(t => CallerIsAdmin
            || (t.OrganisationId == CallerOrganisationId
                && (t.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == t.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<EmailCampaign>().HasQueryFilter(c => CallerIsAdmin
            || (c.OrganisationId == CallerOrganisationId
                && (c.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == c.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<CampaignBatch>().HasQueryFilter(b => CallerIsAdmin
            || (b.OrganisationId == CallerOrganisationId
                && (b.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == b.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<EmailSent>().HasQueryFilter(e => CallerIsAdmin
            || (e.OrganisationId == CallerOrganisationId
                && (e.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == e.ClientId && k.ReseauId == CallerClientId)))));
    }
}
