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
/// What starting a campaign did; <see cref="Refusal"/> is French, for the user. <see cref="Queued"/>:
/// handed to the scheduler, which prepares its recipients in the background.
/// </summary>
public sealed record CampaignStart(bool Started, int Recipients, string? Refusal, bool Queued = false)
{
    public static CampaignStart Refused(string reason) => new(false, 0, reason);
}

/// <summary>
/// Moves a draft or scheduled campaign to "sending": resolves the client's effective Brevo
/// connexion and sender, then materialises the audience into <c>emails_sent</c> (pending) and its
/// batches, in one transaction. From then on the audience is fixed: contacts added later are not
/// included, contacts who unsubscribe later are still skipped by Brevo's own blocklist.
/// </summary>
/// <remarks>
/// One INSERT ... SELECT writes every recipient with its batch id (a name-based uuid of campaign
/// and batch number, ≤ BatchSize recipients each) and UNIQUE(campaign_id, contact_id) makes a
/// second start a no-op; a second statement derives the batches from what was inserted. Runs as
/// <see cref="PipelineCaller"/>: the page has checked that the user may see the campaign.
/// </remarks>
public sealed class CampaignStarter(PresencaDatabase database, IOptions<PipelineOptions> options, UnsubscribeLinks unsubscribeLinks)
{
    public const string SandboxSender = "campagnes@sandbox.presenca.local";

    // Materialising a campaign is one statement per table whatever its size: a million recipients
    // take about a minute on a loaded machine, past Npgsql's default of 30 s.
    private const int MaterialiseTimeoutSeconds = 15 * 60;

    public Task<CampaignStart> StartAsync(Guid campaignId, CancellationToken cancellationToken) =>
        StartAsync(campaignId, queueAbove: null, cancellationToken);

    /// <summary>
    /// "Envoyer maintenant": the same checks, then a start within the request when the audience is
    /// at most <see cref="PipelineOptions.SynchronousStartLimit"/>; a larger one is handed to the
    /// scheduler (scheduled, due now), whose next tick prepares it in the background, so the
    /// person who clicked is not kept waiting while a hundred thousand recipients are written.
    /// </summary>
    public Task<CampaignStart> SendNowAsync(Guid campaignId, CancellationToken cancellationToken) =>
        StartAsync(campaignId, options.Value.SynchronousStartLimit, cancellationToken);

    private async Task<CampaignStart> StartAsync(Guid campaignId, int? queueAbove, CancellationToken cancellationToken)
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
        var connexion = effective.Connexion as BrevoConnexion;
        if (connexion is null && !settings.SandboxWithoutConnexion)
        {
            return CampaignStart.Refused($"Aucune connexion Brevo active pour envoyer cette campagne. {effective.Reason}");
        }

        var sandbox = connexion?.ApiKey is null;
        var senderEmail = campaign.SenderEmail ?? connexion?.EmailCompte ?? (sandbox ? SandboxSender : null);
        if (senderEmail is null)
        {
            return CampaignStart.Refused("Indiquez l'adresse d'expéditeur de la campagne (la connexion Brevo n'en fournit pas : testez-la pour la lire depuis le compte).");
        }

        if (queueAbove is { } limit && await CampaignAudience.Of(campaign).CountAsync(db, cancellationToken) is var audience && audience > limit)
        {
            return await QueueAsync(db, campaignId, audience, cancellationToken);
        }

        var senderName = campaign.SenderName ?? connexion?.NomCompte;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        await using (var claim = new NpgsqlCommand("""
            update email_campaigns set status = 'sending', started_at = now(), brevo_connexion_id = $2,
              sender_email = $3, sender_name = $4, pause_reason = null, paused_by_quota = false
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

        int recipients;
        await using (var materialise = new NpgsqlCommand($"""
            insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, recipient_organization, user_id, batch_id)
            select c.organisation_id, c.client_id, $5, c.id, c.email, c.organization_name, $6,
                   md5($5::text || ':' || ((row_number() over (order by c.id) - 1) / $7))::uuid
            from contacts c
            where {CampaignAudience.Predicate}
            on conflict (campaign_id, contact_id) do nothing
            """, connection))
        {
            materialise.CommandTimeout = MaterialiseTimeoutSeconds;
            materialise.Parameters.AddRange(CampaignAudience.Of(campaign).Parameters().ToArray());
            materialise.Parameters.Add(new NpgsqlParameter { Value = campaignId });
            materialise.Parameters.Add(new NpgsqlParameter { Value = (object?)campaign.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            materialise.Parameters.Add(new NpgsqlParameter { Value = (long)Math.Clamp(settings.BatchSize, 1, Sending.EmailBatch.MaxVersions) });
            recipients = await materialise.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var batches = new NpgsqlCommand("""
            insert into email_batches (id, organisation_id, client_id, campaign_id, batch_no)
            select batch_id, min(organisation_id::text)::uuid, min(client_id::text)::uuid, $1,
                   (row_number() over (order by min(id::text)))::int
            from emails_sent where campaign_id = $1
            group by batch_id
            """, connection))
        {
            batches.CommandTimeout = MaterialiseTimeoutSeconds;
            batches.Parameters.Add(new NpgsqlParameter { Value = campaignId });
            await batches.ExecuteNonQueryAsync(cancellationToken);
        }

        if (recipients == 0)
        {
            await using var empty = new NpgsqlCommand("update email_campaigns set status = 'sent', finished_at = now() where id = $1", connection);
            empty.Parameters.Add(new NpgsqlParameter { Value = campaignId });
            await empty.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new CampaignStart(true, recipients, null);
    }

    private static async Task<CampaignStart> QueueAsync(PresencaDbContext db, Guid campaignId, int audience, CancellationToken cancellationToken)
    {
        var queued = await db.Database.ExecuteSqlAsync($"""
            update email_campaigns set status = 'scheduled', scheduled_at = now()
            where id = {campaignId} and status in ('draft', 'scheduled')
            """, cancellationToken);
        return queued == 0
            ? CampaignStart.Refused("Cette campagne vient d'être envoyée par quelqu'un d'autre.")
            : new CampaignStart(false, audience, null, Queued: true);
    }
}
