using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Connexions;
using Presenca.Web.Connexions;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// What starting a campaign did; <see cref="Refusal"/> is French, for the user.
/// <see cref="Recipients"/>: the audience counted at the start, still to be prepared.
/// </summary>
public sealed record CampaignStart(bool Started, int Recipients, string? Refusal)
{
    public static CampaignStart Refused(string reason) => new(false, 0, reason);
}

/// <summary>
/// Moves a draft or scheduled campaign to "sending": resolves the client's effective Brevo
/// connexion and sender, fixes the audience (the contacts matching it that exist now, see
/// <see cref="CampaignAudience"/>) and counts it. Nothing is written to <c>emails_sent</c> here, so
/// the click answers at once whatever the audience's size; the workers prepare the recipients in
/// chunks and send each chunk's batches as soon as it commits.
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
    /// records the campaign as sending with its audience fixed and counted. Its recipients are
    /// prepared afterwards by the pipeline (<see cref="CampaignPreparer"/>), a chunk at a time.
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
        var audience = CampaignAudience.Of(campaign);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        // Counted as of this transaction's start, the audience's cutoff: the number shown is the
        // number the chunks will find, less contacts unsubscribed or deleted meanwhile.
        int recipients;
        await using (var count = new NpgsqlCommand($"select count(*)::int from contacts c where {CampaignAudience.Predicate} and c.created_at <= now()", connection))
        {
            count.Parameters.AddRange(audience.Parameters().ToArray());
            recipients = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var claim = new NpgsqlCommand("""
            update email_campaigns set status = case when $5 = 0 then 'sent' else 'sending' end, started_at = now(),
              finished_at = case when $5 = 0 then now() end, brevo_connexion_id = $2,
              sender_email = $3, sender_name = $4, pause_reason = null, paused_by_quota = false,
              audience_cutoff = now(), prepared_through = null, recipients_to_prepare = $5, preparing = $5 > 0
            where id = $1 and status in ('draft', 'scheduled')
            """, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = campaignId });
            claim.Parameters.Add(new NpgsqlParameter { Value = (object?)connexion?.ConnexionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            claim.Parameters.Add(new NpgsqlParameter { Value = senderEmail });
            claim.Parameters.Add(new NpgsqlParameter { Value = (object?)senderName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            claim.Parameters.Add(new NpgsqlParameter { Value = recipients });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return CampaignStart.Refused("Cette campagne vient d'être envoyée par quelqu'un d'autre.");
            }
        }

        await transaction.CommitAsync(cancellationToken);

        // This process's workers, if it runs any, prepare the first chunk now rather than at their next poll.
        wakeUp.Pulse();
        return new CampaignStart(true, recipients, null);
    }
}
