namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// The statements one batch goes through in <see cref="CampaignBatchSender"/>, in one place so that
/// the pipeline benchmark's SQL floor runs exactly them (without Brevo or rendering) and the ratio
/// of end-to-end to floor measures what HTTP, rendering and the loops add.
/// </summary>
public static class BatchStatements
{
    /// <summary>$1 lease. The next batch of any sending campaign, lowest number first (a new campaign's first batch does not wait behind another's thousandth).</summary>
    public const string Claim = """
        with next as (
          select b.id from email_batches b
          join email_campaigns c on c.id = b.campaign_id
          where c.status = 'sending' and b.status <> 'done'
            and ((b.status = 'pending' and (b.not_before is null or b.not_before <= now()))
                 or (b.status = 'claimed' and b.lease_until < now()))
          order by b.batch_no, c.started_at
          limit 1
          for update of b skip locked
        )
        update email_batches b set status = 'claimed', lease_until = now() + $1, claim_token = gen_random_uuid()
        from next where b.id = next.id
        returning b.id, b.campaign_id, b.claim_token, b.attempts, b.quota_charged
        """;

    /// <summary>$1 campaign. What a batch needs of its campaign and connexion.</summary>
    public const string ReadCampaign = """
        select c.status, c.subject, c.content, c.sender_email, c.sender_name, c.brevo_connexion_id,
               k.brevo_connexion_id, k.brevo_actif, k.brevo_api_key, k.brevo_sandbox_drop,
               c.organisation_id, c.client_id, o.client_nom
        from email_campaigns c
        join clients o on o.client_id = c.client_id
        left join brevo_connexion k on k.brevo_connexion_id = c.brevo_connexion_id
        where c.id = $1
        """;

    /// <summary>$1 batch. Its recipients in a fixed order (a batch sent again is the same request).</summary>
    public const string Recipients = "select id, recipient_email, recipient_organization, contact_id from emails_sent where batch_id = $1 order by id";

    /// <summary>$1 batch, $2 claim token, $3 lease. Still this worker's and the campaign still sending (a pause or cancel stops it here).</summary>
    public const string Recheck = """
        update email_batches b set lease_until = now() + $3
        from email_campaigns c
        where b.id = $1 and b.claim_token = $2 and c.id = b.campaign_id and c.status = 'sending'
        """;

    /// <summary>$1 integration prefix, $2 connexion, $3 amount: the daily quota's units, or null when refused.</summary>
    public const string ConsumeQuota = "select consume_connexion_quota($1, $2, $3)";

    /// <summary>$1 batch.</summary>
    public const string MarkCharged = "update email_batches set quota_charged = true where id = $1";

    /// <summary>$1 batch.</summary>
    public const string MarkSending = "update emails_sent set status = 'sending', updated_at = now() where batch_id = $1 and status = 'pending'";

    /// <summary>$1 recipient ids, $2 Brevo message ids (same order).</summary>
    public const string RecordSent = """
        update emails_sent e set status = email_status_advance(e.status, 'sent'), brevo_message_id = m.message_id,
          sent_at = coalesce(e.sent_at, now()), updated_at = now()
        from unnest($1::uuid[], $2::text[]) as m(id, message_id)
        where e.id = m.id
        """;

    /// <summary>$1 batch.</summary>
    public const string FinishBatch = """
        update email_batches set status = 'done', lease_until = null, claim_token = null, attempts = 0, last_error = null
        where id = $1
        """;
}
