using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Connexions;

namespace Presenca.Web.Campaigns;

/// <summary>
/// What "Envoyer maintenant" is about to do, read just before asking: how many contacts receive it
/// today (the count the starter will materialise) and from which address, as the starter resolves it.
/// </summary>
/// <remarks><see cref="Refusal"/>: the campaign cannot be sent (say so instead of asking).</remarks>
public sealed record CampaignSendSummary(string Name, bool IsEditable, int Recipients, string? Sender, bool Sandbox, string? Refusal = null)
{
    /// <summary>The stored campaign's summary, read as the caller (null: not one they may see).</summary>
    public static async Task<CampaignSendSummary?> ReadAsync(PresencaDbContext db, CampaignTransports transports, Guid campaignId)
    {
        var campaign = await db.EmailCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId);
        if (campaign is null)
        {
            return null;
        }

        return await OfAsync(db, transports, campaign.Name, campaign.IsEditable, CampaignAudience.Of(campaign), campaign.SenderEmail);
    }

    public static async Task<CampaignSendSummary> OfAsync(PresencaDbContext db, CampaignTransports transports, string name, bool isEditable, CampaignAudience audience, string? senderEmail)
    {
        var effective = await EffectiveConnexion.ResolveAsync(db, Integration.Brevo, audience.ClientId);
        var route = transports.Route(effective.Connexion as BrevoConnexion, effective.Reason);
        var sender = senderEmail ?? route.Connexion?.EmailCompte ?? (route.Sandbox ? CampaignStarter.SandboxSender : null);
        await db.Database.OpenConnectionAsync();
        var recipients = await audience.CountAsync(db, CancellationToken.None);
        return new CampaignSendSummary(name, isEditable, recipients, sender, route.Sandbox, route.Refusal);
    }

    public string Message =>
        $"« {Name} » part maintenant vers {CampaignLabels.Number(Recipients)} destinataire(s), "
        + $"de la part de {Sender ?? "l'expéditeur de la connexion Brevo (non renseigné)"}"
        + (Sandbox ? " — bac à sable : aucun e-mail ne part réellement." : ".")
        + " Un e-mail parti ne se rattrape pas.";

    public async Task<bool> ConfirmAsync(IDialogService dialogs) =>
        await dialogs.ShowMessageBoxAsync("Envoyer maintenant ?", Message, yesText: "Envoyer maintenant", cancelText: "Annuler") == true;
}
