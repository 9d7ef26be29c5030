using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Connexions;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Campaigns.Templates;
using Presenca.Web.Connexions;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Campaigns;

/// <summary>
/// "Envoyer un test": the campaign rendered for one address, through the same transport the
/// campaign would use (<see cref="CampaignTransports.Route"/>: real Brevo with the effective connexion's key, the sandbox, or a refusal), counted in
/// the connexion's daily quota, never in the campaign's recipients. Runs as the signed-in user.
/// It shows the unsubscribe footer or link as recipients will see it, but the link is an example
/// and no List-Unsubscribe header is sent: a test names no recipient to unsubscribe.
/// </summary>
public sealed class CampaignTestSend(CampaignTransports transports, UnsubscribeLinks unsubscribeLinks)
{
    public const string InvalidAddressMessage = "Indiquez une adresse e-mail valide pour l'envoi de test.";

    public async Task<TestSendOutcome> SendAsync(PresencaDbContext db, EmailCampaign campaign, string? address, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(address) || !MailAddress.TryCreate(address.Trim(), out var parsed) || parsed.Address != address.Trim())
        {
            return new TestSendOutcome(InvalidAddressMessage, Sent: false, InvalidAddress: true);
        }

        var effective = await EffectiveConnexion.ResolveAsync(db, Integration.Brevo, campaign.ClientId, cancellationToken);
        var route = transports.Route(effective.Connexion as BrevoConnexion, effective.Reason);
        if (!route.CanSend)
        {
            return new TestSendOutcome(route.Refusal!, Sent: false, InvalidAddress: false);
        }

        var connexion = route.Connexion;
        if (connexion is not null)
        {
            var quota = await ConnexionQuota.TryConsumeAsync(db, Integration.Brevo, connexion.ConnexionId, 1, cancellationToken);
            if (!quota.IsAllowed)
            {
                return new TestSendOutcome(quota.Refusal!, Sent: false, InvalidAddress: false);
            }
        }

        // The address's own contact gives its values when it is one; otherwise the address alone.
        var contact = await db.Contacts.AsNoTracking()
            .Where(c => c.ClientId == campaign.ClientId && c.Email.ToLower() == parsed.Address.ToLower())
            .Select(c => new { c.Email, c.OrganizationName })
            .FirstOrDefaultAsync(cancellationToken);
        var sender = await db.Clients.AsNoTracking().Where(k => k.ClientId == campaign.ClientId).Select(k => k.ClientNom).FirstOrDefaultAsync(cancellationToken) ?? "";
        var rendered = EmailContent.ForCampaign(campaign.Subject, campaign.Content, sender)
            .Render(MergeFieldValues.ForContact(parsed.Address, contact?.OrganizationName, unsubscribeUrl: unsubscribeLinks.Example));
        var batch = new EmailBatch(
            Guid.NewGuid(),
            campaign.Id,
            new EmailAddress(campaign.SenderEmail ?? connexion?.EmailCompte ?? CampaignStarter.SandboxSender, campaign.SenderName ?? connexion?.NomCompte),
            "[Test] " + rendered.Subject,
            rendered.Html,
            rendered.Text,
            [new EmailVersion(Guid.Empty, [new EmailAddress(parsed.Address)])]);
        var outcome = await transports.For(route).SendAsync(batch, cancellationToken);
        var sandbox = route.Sandbox ? " (bac à sable : aucun e-mail ne part réellement)" : "";
        var message = outcome switch
        {
            EmailSendOutcome.Accepted => $"E-mail de test envoyé à {parsed.Address}{sandbox}.",
            EmailSendOutcome.RateLimited => "Brevo limite le débit en ce moment : réessayez dans une minute.",
            EmailSendOutcome.Transient transient => $"Brevo n'a pas pu envoyer le test : {transient.Reason}",
            EmailSendOutcome.Rejected rejected => $"Brevo a refusé le test : {rejected.Message}",
            EmailSendOutcome.Unauthorized => "Brevo refuse la clé API de la connexion (401) : corrigez-la dans Connexions.",
            EmailSendOutcome.PaymentRequired => "Le compte Brevo n'a plus de crédits (402).",
            _ => "Envoi de test impossible.",
        };
        return new TestSendOutcome(message, Sent: outcome is EmailSendOutcome.Accepted, InvalidAddress: false);
    }
}

/// <summary>What a test send did, in French; <see cref="InvalidAddress"/>: the address was refused before anything was sent.</summary>
public sealed record TestSendOutcome(string Message, bool Sent, bool InvalidAddress);
