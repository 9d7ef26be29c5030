using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Connexions.Secrets;
using Presenca.Web.Brevo;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Campaigns.Templates;
using Presenca.Web.Connexions;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// Claims the next batch of any sending campaign and takes it through one Brevo call: the
/// campaign's status is checked, a rate-limit slot is waited for, the campaign's status is read
/// again and the connexion's daily quota taken (pause and cancel take effect here, before the
/// call), the versions are rendered and sent, and what Brevo answered is recorded in one
/// transaction. The statements are <see cref="BatchStatements"/>.
/// </summary>
/// <remarks>
/// A batch is claimed with FOR UPDATE SKIP LOCKED and a lease, so any number of workers in any
/// number of processes share the queue without waiting for each other. A worker that dies leaves
/// its batch claimed until the lease expires; the next claim takes it over whole, with the same
/// batch id and therefore the same idempotency key, so Brevo delivers it once.
/// </remarks>
public sealed class CampaignBatchSender(
    PresencaDatabase database,
    ISecretProtector secrets,
    CampaignTransports transports,
    SendRateLimiter rateLimiter,
    UnsubscribeLinks unsubscribeLinks,
    IOptions<PipelineOptions> options,
    ILogger<CampaignBatchSender> logger)
{
    private readonly Random _jitter = new();

    /// <summary>
    /// Writes one unsubscribe link, so that a fresh worker's first batch does not also load the key
    /// ring and its crypto while the first call to Brevo waits (issue 12: first batch within 1 s).
    /// </summary>
    public void WarmUp()
    {
        if (unsubscribeLinks.ConfigurationError is null)
        {
            _ = unsubscribeLinks.For(new UnsubscribeTicket(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty));
        }
    }

    public async Task<ClaimedBatch?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        ClaimedBatch? claimed = null;
        await using (var command = db.Command(BatchStatements.Claim, options.Value.Lease))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                claimed = new ClaimedBatch(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetBoolean(4));
            }
        }

        await db.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task SendAsync(ClaimedBatch batch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (campaign, connexion) = await ReadCampaignAsync(batch.CampaignId, cancellationToken);
        if (campaign is null || campaign.Status != SendingStatus)
        {
            await ReleaseAsync(batch, cancellationToken);
            return;
        }

        if (campaign.ConnexionId is not null && connexion is not { Actif: true })
        {
            await PauseAsync(batch, "La connexion Brevo de cette campagne a été supprimée ou désactivée : réactivez-la dans Connexions, puis reprenez la campagne.", false, cancellationToken);
            return;
        }

        // Decided again for every batch: a key removed since the start (by SQL, an import, a key
        // ring that no longer decrypts it) must stop the campaign, not divert it to the sandbox.
        var route = transports.Route(connexion);
        if (!route.CanSend)
        {
            await PauseAsync(batch, route.Refusal + " La campagne est en pause : reprenez-la une fois la connexion corrigée.", false, cancellationToken);
            return;
        }

        // Campaign emails carry their recipient's unsubscribe link: without the public address to
        // write it, nothing is sent (a worker started without the web app's settings).
        if (unsubscribeLinks.ConfigurationError is { } missingAddress)
        {
            await PauseAsync(batch, missingAddress + " Configurez-la, puis reprenez la campagne.", false, cancellationToken);
            return;
        }

        var recipients = await RecipientsAsync(batch.BatchId, cancellationToken);
        if (recipients.Count == 0)
        {
            await RecordFailedAsync(batch, "", cancellationToken);
            return;
        }

        await rateLimiter.WaitForSlotAsync(CampaignTransports.LimiterKey(route), settings.CallsPerMinute, cancellationToken);

        // Read again right before the call: a pause or a cancel clicked while this batch waited
        // for its slot must stop it. The daily quota is taken in the same transaction that marks
        // the recipients as sending: one durable commit per batch, not two.
        switch (await RecheckAndMarkSendingAsync(batch, connexion, recipients.Count, cancellationToken))
        {
            case Recheck.Released:
                await ReleaseAsync(batch, cancellationToken);
                return;
            case Recheck.QuotaRefused:
                // Refused (rare): EF says why in French; the scheduler resumes the campaign once the
                // counter is reset, as it does for any campaign paused by its quota.
                await using (var efDb = database.CreateContext(PipelineCaller.Caller))
                {
                    var refusal = await ConnexionQuota.ExplainRefusalAsync(efDb, Integration.Brevo, connexion!.ConnexionId, recipients.Count, cancellationToken);
                    await PauseAsync(batch, refusal + " La campagne reprendra d'elle-même après la remise à zéro.", true, cancellationToken);
                }

                return;
        }

        var emailBatch = Render(batch, campaign, recipients) with { SandboxDrop = connexion?.SandboxDrop == true };
        var outcome = await transports.For(route).SendAsync(emailBatch, cancellationToken);
        var transient = outcome is EmailSendOutcome.Transient;
        var decision = BatchOutcomePolicy.Decide(outcome, batch.Attempts + 1, settings.Retry, _jitter.NextDouble());
        switch (decision)
        {
            case BatchDecision.RecordSent sent:
                await RecordSentAsync(batch, recipients, sent.MessageIds, cancellationToken);
                break;
            case BatchDecision.RetryLater retry:
                logger.LogInformation("Batch {BatchId} retried in {Delay} ({Reason})", batch.BatchId, retry.Delay, retry.Reason);
                await RetryLaterAsync(batch, retry.Delay, retry.Reason, transient, cancellationToken);
                break;
            case BatchDecision.FailRecipients failed:
                await RecordFailedAsync(batch, failed.Reason, cancellationToken);
                break;
            case BatchDecision.PauseCampaign pause:
                await PauseAsync(batch, pause.Explanation, false, cancellationToken);
                break;
        }
    }

    private EmailBatch Render(ClaimedBatch batch, SendingCampaign campaign, List<Recipient> recipients)
    {
        var content = EmailContent.ForCampaign(campaign.Subject, campaign.Content, campaign.ClientName);
        var versions = new List<EmailVersion>(recipients.Count);
        foreach (var recipient in recipients)
        {
            // A contact deleted since the start gets a link that answers "lien invalide". Tokens
            // differ from one rendering to the next (Data Protection's random IV): a retried batch
            // under the same idempotency key carries other tokens for the same tickets, all valid.
            var link = unsubscribeLinks.For(new UnsubscribeTicket(campaign.OrganisationId, campaign.ClientId, recipient.ContactId ?? Guid.Empty, batch.CampaignId));
            var rendered = content.Render(MergeFieldValues.ForContact(recipient.Email, recipient.Organization, unsubscribeUrl: link));
            var headers = new Dictionary<string, string>
            {
                [BrevoHeaders.ListUnsubscribe] = $"<{link}>",
                [BrevoHeaders.ListUnsubscribePost] = BrevoHeaders.OneClick,
            };
            versions.Add(new EmailVersion(recipient.Id, [new EmailAddress(recipient.Email)], null, rendered.Subject, rendered.Html, rendered.Text, headers));
        }

        // Brevo wants a default body: the first version's, never the raw template (Brevo would
        // read its {{ }} as its own template language).
        var first = versions[0];
        return new EmailBatch(
            batch.BatchId,
            batch.CampaignId,
            new EmailAddress(campaign.SenderEmail ?? CampaignStarter.SandboxSender, campaign.SenderName),
            first.Subject!,
            first.HtmlContent!,
            first.TextContent!,
            versions);
    }

    private const string SendingStatus = "sending";

    /// <summary>What a batch needs of its campaign (status as stored: draft, sending, paused...).</summary>
    private sealed record SendingCampaign(
        string Status, string Subject, string Content, string? SenderEmail, string? SenderName, Guid? ConnexionId,
        Guid OrganisationId, Guid ClientId, string ClientName);

    // Plain SQL rather than EF on purpose: this runs for every batch, and the first EF query of a
    // process builds the whole model (about 40 MB of a worker's memory, against issue 6's 150 MB).
    // The connexion comes back only when visible; its key is decrypted here as EF would.
    private async Task<(SendingCampaign? Campaign, BrevoConnexion? Connexion)> ReadCampaignAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        await using var command = db.Command(BatchStatements.ReadCampaign, campaignId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, null);
        }

        var campaign = new SendingCampaign(
            reader.GetString(0), reader.GetString(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetGuid(5),
            reader.GetGuid(10), reader.GetGuid(11), reader.GetString(12));
        var connexion = reader.IsDBNull(6) ? null : new BrevoConnexion
        {
            ConnexionId = reader.GetGuid(6),
            Actif = reader.GetBoolean(7),
            ApiKey = reader.IsDBNull(8) ? null : secrets.Unprotect(reader.GetString(8)),
            SandboxDrop = reader.GetBoolean(9),
        };
        return (campaign, connexion);
    }

    private enum Recheck
    {
        Sending,
        Released,
        QuotaRefused,
    }

    private async Task<Recheck> RecheckAndMarkSendingAsync(ClaimedBatch batch, BrevoConnexion? connexion, int recipients, CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        if (await db.ExecuteAsync(BatchStatements.Recheck, cancellationToken, batch.BatchId, batch.ClaimToken, options.Value.Lease) == 0)
        {
            return Recheck.Released;
        }

        // A batch retried after its quota was taken is not charged again.
        if (connexion is not null && !batch.QuotaCharged)
        {
            await using (var consume = db.Command(BatchStatements.ConsumeQuota, ConnexionSets.Prefix(Integration.Brevo), connexion.ConnexionId, recipients))
            {
                if (await consume.ExecuteScalarAsync(cancellationToken) is not int)
                {
                    return Recheck.QuotaRefused;
                }
            }

            await db.ExecuteAsync(BatchStatements.MarkCharged, cancellationToken, batch.BatchId);
        }

        await db.ExecuteAsync(BatchStatements.MarkSending, cancellationToken, batch.BatchId);
        await db.CommitAsync(cancellationToken);
        return Recheck.Sending;
    }

    private sealed record Recipient(Guid Id, string Email, string? Organization, Guid? ContactId);

    // Every recipient of the batch, in a fixed order: a batch sent again must be the same request,
    // or Brevo's answer for the idempotency key would not match its versions.
    private async Task<List<Recipient>> RecipientsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        await using var command = db.Command(BatchStatements.Recipients, batchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var recipients = new List<Recipient>();
        while (await reader.ReadAsync(cancellationToken))
        {
            recipients.Add(new Recipient(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3)));
        }

        return recipients;
    }

    private async Task RecordSentAsync(ClaimedBatch batch, List<Recipient> recipients, IReadOnlyList<string> messageIds, CancellationToken cancellationToken)
    {
        var ids = recipients.Select(r => r.Id).ToArray();
        var messages = messageIds.ToArray();
        await PipelineTransaction.RunAsync(database, async db =>
        {
            await using (var record = db.Command(BatchStatements.RecordSent, ids, messages))
            {
                await record.ExecuteNonQueryAsync(CancellationToken.None);
            }

            await FinishBatchAsync(db, batch, CancellationToken.None);
        }, CancellationToken.None);
    }

    private async Task RecordFailedAsync(ClaimedBatch batch, string reason, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        await PipelineTransaction.RunAsync(database, async db =>
        {
            await db.ExecuteAsync("""
                update emails_sent set status = email_status_advance(status, 'failed'), failure_reason = $2, updated_at = now()
                where batch_id = $1 and status not in ('failed', 'bounced')
                """, CancellationToken.None, batch.BatchId, reason);
            await FinishBatchAsync(db, batch, CancellationToken.None);
        }, CancellationToken.None);
    }

    private static async Task FinishBatchAsync(PipelineTransaction db, ClaimedBatch batch, CancellationToken cancellationToken)
    {
        await db.ExecuteAsync(BatchStatements.FinishBatch, cancellationToken, batch.BatchId);
        await db.ExecuteAsync(CampaignCompletion.CompleteOneSql, cancellationToken, batch.CampaignId);
    }

    private async Task RetryLaterAsync(ClaimedBatch batch, TimeSpan delay, string reason, bool countsAsFailure, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        await using var db = await PipelineTransaction.BeginAsync(database, CancellationToken.None);
        await db.ExecuteAsync("""
            update email_batches set status = 'pending', lease_until = null, claim_token = null,
              not_before = now() + $3, attempts = attempts + $4, last_error = $5
            where id = $1 and claim_token = $2
            """, CancellationToken.None, batch.BatchId, batch.ClaimToken, delay, countsAsFailure ? 1 : 0, reason);
        await db.CommitAsync(CancellationToken.None);
    }

    /// <summary>Gives the batch back untouched (the campaign was paused or cancelled meanwhile).</summary>
    private async Task ReleaseAsync(ClaimedBatch batch, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        await using var db = await PipelineTransaction.BeginAsync(database, CancellationToken.None);
        await db.ExecuteAsync("""
            update email_batches set status = 'pending', lease_until = null, claim_token = null
            where id = $1 and claim_token = $2
            """, CancellationToken.None, batch.BatchId, batch.ClaimToken);
        await db.CommitAsync(CancellationToken.None);
    }

    private async Task PauseAsync(ClaimedBatch batch, string explanation, bool byQuota, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        logger.LogWarning("Campaign {CampaignId} paused: {Explanation}", batch.CampaignId, explanation);
        await using var db = await PipelineTransaction.BeginAsync(database, CancellationToken.None);
        await db.ExecuteAsync("""
            update email_campaigns set status = 'paused', pause_reason = $2, paused_by_quota = $3
            where id = $1 and status = 'sending'
            """, CancellationToken.None, batch.CampaignId, explanation, byQuota);
        await db.ExecuteAsync("""
            update email_batches set status = 'pending', lease_until = null, claim_token = null, attempts = 0, not_before = null
            where id = $1 and claim_token = $2
            """, CancellationToken.None, batch.BatchId, batch.ClaimToken);
        await db.CommitAsync(CancellationToken.None);
    }
}
