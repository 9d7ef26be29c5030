using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Connexions;
using Presenca.Web.Connexions;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>What starting a campaign did; <see cref="Refusal"/> is French, for the user.</summary>
public sealed record CampaignStart(bool Started, string? Refusal)
{
    public static CampaignStart Refused(string reason) => new(false, reason);
}

/// <summary>
/// Moves a draft or scheduled campaign to "sending": resolves the client's effective Brevo
/// connexion and sender and fixes the audience (the contacts matching it that exist now, see
/// <see cref="CampaignAudience"/>). Nothing is counted nor written to <c>emails_sent</c> here, so
/// the click answers at once whatever the audience's size; the workers, woken by NOTIFY, prepare
/// the recipients in chunks, send each chunk's batches as soon as it commits, and count the
/// audience beside the first chunks (<see cref="CampaignPreparer"/>).
/// </summary>
/// <remarks>
/// Runs as <see cref="PipelineCaller"/>: the page has checked that the user may see the campaign.
/// </remarks>
public sealed class CampaignStarter(
    PresencaDatabase database, IOptions<PipelineOptions> options, PipelineWakeUp wakeUp, UnsubscribeLinks unsubscribeLinks)
{
    public const string SandboxSender = "campagnes@sandbox.presenca.local";

    /// <summary>
    /// "Envoyer maintenant", a schedule come due: the checks, then one short transaction that
    /// records the campaign as sending with its audience fixed. Its recipients are prepared and
    /// counted afterwards by the pipeline (<see cref="CampaignPreparer"/>), a chunk at a time.
    /// </summary>
    public async Task<CampaignStart> StartAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = database.CreateContext(PipelineCaller.Caller);
        var campaign = await db.EmailCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return CampaignStart.Refused("Campagne introuvable.");
        }

        if (campaign.Status is not (EmailCampaignStatus.Draft or EmailCampaignStatus.Scheduled))
        {
            return CampaignStart.Refused("Cette campagne est déjà partie : elle ne peut plus être envoyée à nouveau (dupliquez-la).");
        }

        // Every campaign email carries its recipient's unsubscribe link, written on the public address.
        if (unsubscribeLinks.ConfigurationError is { } missingAddress)
        {
            return CampaignStart.Refused(missingAddress);
        }

        var effective = await EffectiveConnexion.ResolveAsync(db, Integration.Brevo, campaign.ClientId, cancellationToken);
        var route = SendingRoute.Of(effective.Connexion as BrevoConnexion, effective.Reason, settings.SandboxWithoutConnexion);
        if (!route.CanSend)
        {
            return CampaignStart.Refused(route.Refusal!);
        }

        var connexion = route.Connexion;
        var sandbox = route.Sandbox;
        var senderEmail = campaign.SenderEmail ?? connexion?.EmailCompte ?? (sandbox ? SandboxSender : null);
        if (senderEmail is null)
        {
            return CampaignStart.Refused("Indiquez l'adresse d'expéditeur de la campagne (la connexion Brevo n'en fournit pas : testez-la pour la lire depuis le compte).");
        }

        var senderName = campaign.SenderName ?? connexion?.NomCompte;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        // The transaction's now() is the audience's cutoff: contacts created later are not in it.
        await using (var claim = new NpgsqlCommand("""
            update email_campaigns set status = 'sending', started_at = now(), finished_at = null, brevo_connexion_id = $2,
              sender_email = $3, sender_name = $4, pause_reason = null, paused_by_quota = false,
              audience_cutoff = now(), prepared_through = null, recipients_to_prepare = null, recipients_prepared = 0,
              preparing = true
            where id = $1 and status in ('draft', 'scheduled')
            """, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = campaignId });
            claim.Parameters.Add(new NpgsqlParameter { Value = (object?)connexion?.ConnexionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            claim.Parameters.Add(new NpgsqlParameter { Value = senderEmail });
            claim.Parameters.Add(new NpgsqlParameter { Value = (object?)senderName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return CampaignStart.Refused("Cette campagne vient d'être envoyée par quelqu'un d'autre.");
            }
        }

        // Delivered at the commit: every process's workers look for the first chunk now.
        await using (var announce = new NpgsqlCommand(PipelineListener.AnnounceSql, connection))
        {
            await announce.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        // This process's own loops, even if its listening connection is down.
        wakeUp.Pulse();
        return new CampaignStart(true, null);
    }
}
