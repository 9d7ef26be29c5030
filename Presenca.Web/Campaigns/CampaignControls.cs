using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Campaigns;

namespace Presenca.Web.Campaigns;

/// <summary>
/// Pause, resume, cancel and duplicate, as the signed-in user: the context's query filters and
/// row-level security decide which campaigns they reach (another client's campaign is "not
/// found"). Each is one conditional UPDATE, so a click racing the pipeline cannot resurrect a
/// finished campaign; the pipeline reads the status again before each Brevo call.
/// </summary>
public static class CampaignControls
{
    public static async Task<bool> PauseAsync(PresencaDbContext db, Guid id) =>
        await db.EmailCampaigns
            .Where(c => c.Id == id && c.Status == EmailCampaignStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, EmailCampaignStatus.Paused)
                .SetProperty(c => c.PausedByQuota, false)
                .SetProperty(c => c.PauseReason, "Mise en pause à la demande : reprenez-la quand vous voulez.")) > 0;

    public static async Task<bool> ResumeAsync(PresencaDbContext db, Guid id) =>
        await db.EmailCampaigns
            .Where(c => c.Id == id && c.Status == EmailCampaignStatus.Paused)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, EmailCampaignStatus.Sending)
                .SetProperty(c => c.PausedByQuota, false)
                .SetProperty(c => c.PauseReason, (string?)null)) > 0;

    /// <summary>Recipients not yet handed to Brevo are never sent; those already sent stay counted.</summary>
    public static async Task<bool> CancelAsync(PresencaDbContext db, Guid id) =>
        await db.EmailCampaigns
            .Where(c => c.Id == id && (c.Status == EmailCampaignStatus.Draft || c.Status == EmailCampaignStatus.Scheduled
                                       || c.Status == EmailCampaignStatus.Sending || c.Status == EmailCampaignStatus.Paused))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, EmailCampaignStatus.Cancelled)
                .SetProperty(c => c.PausedByQuota, false)
                .SetProperty(c => c.PauseReason, "Campagne annulée : les destinataires pas encore envoyés ne recevront rien.")
                .SetProperty(c => c.FinishedAt, DateTimeOffset.UtcNow)) > 0;

    /// <summary>A new draft with the same content, audience and sender (a sent campaign is never edited).</summary>
    public static async Task<Guid?> DuplicateAsync(PresencaDbContext db, Guid id, Guid? userId)
    {
        var source = await db.EmailCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id);
        if (source is null)
        {
            return null;
        }

        var copy = new EmailCampaign
        {
            OrganisationId = source.OrganisationId,
            ClientId = source.ClientId,
            UserId = userId,
            TemplateId = source.TemplateId,
            DuplicatedFrom = source.Id,
            Name = source.Name + " (copie)",
            Subject = source.Subject,
            Content = source.Content,
            AudienceKind = source.AudienceKind,
            AudienceOrganizationIds = source.AudienceOrganizationIds,
            AudienceSearch = source.AudienceSearch,
            SenderEmail = source.SenderEmail,
            SenderName = source.SenderName,
        };
        db.EmailCampaigns.Add(copy);
        await db.SaveChangesAsync();
        return copy.Id;
    }
}
