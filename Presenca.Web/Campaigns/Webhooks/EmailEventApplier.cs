using Npgsql;
using NpgsqlTypes;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Modeling;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// Applies a delivery event to its <c>emails_sent</c> row and, for a hard bounce or an
/// unsubscribe, to the contact. Brevo's webhooks and the sandbox both come through here.
/// </summary>
/// <remarks>
/// The row is found by (campaign id from X-Mailin-custom, recipient address), else by Brevo's
/// message id. The status moves only forward, through email_status_advance (the SQL twin of
/// <see cref="EmailEventRules.Advance"/>) inside the UPDATE itself, so two events racing for one
/// row cannot undo each other, and first timestamps win: a repeated event changes nothing.
/// Runs as <see cref="PipelineCaller"/> (a webhook names no user); a webhook call is limited to
/// the campaigns sent through the connexion it authenticated with.
/// </remarks>
public sealed class EmailEventApplier(PresencaDatabase database) : IEmailEventHandler
{
    // One statement per event (the sandbox plays thousands a minute): the recipient's row, then
    // the contact when the event says so.
    private const string Apply = """
        with target as (
          update emails_sent e set
            status = email_status_advance(e.status, $3),
            sent_at = coalesce(e.sent_at, case when $3 in ('sent', 'delivered', 'bounced') then $4 end),
            delivered_at = coalesce(e.delivered_at, case when $3 = 'delivered' then $4 end),
            bounced_at = coalesce(e.bounced_at, case when $3 = 'bounced' then $4 end),
            opened_at = coalesce(e.opened_at, case when $5 in ('opened', 'clicked') then $4 end),
            clicked_at = coalesce(e.clicked_at, case when $5 = 'clicked' then $4 end),
            unsubscribed_at = coalesce(e.unsubscribed_at, case when $10 = 'unsubscribe' then $4 end),
            failure_reason = case when $6 and $7 is not null and e.status not in ('failed', 'bounced') then $7 else e.failure_reason end,
            brevo_message_id = coalesce(e.brevo_message_id, $8),
            updated_at = now()
          where {0}
            and ($9 is null or exists (select 1 from email_campaigns k where k.id = e.campaign_id and k.brevo_connexion_id = $9))
          returning e.contact_id, e.campaign_id
        ), marked as (
          update contacts c set
            hard_bounced = c.hard_bounced or $10 = 'hard_bounce',
            desinscrit = c.desinscrit or $10 = 'unsubscribe',
            desinscrit_at = case when $10 = 'unsubscribe' and not c.desinscrit then $4 else c.desinscrit_at end,
            desinscrit_campaign_id = case when $10 = 'unsubscribe' and not c.desinscrit then t.campaign_id else c.desinscrit_campaign_id end
          from target t
          where c.id = t.contact_id
            and ($11::uuid is null or c.organisation_id = $11)
            and (($10 = 'hard_bounce' and not c.hard_bounced) or ($10 = 'unsubscribe' and not c.desinscrit))
          returning 1
        )
        select count(*)::int from target
        """;

    private static readonly string ByCampaign = string.Format(System.Globalization.CultureInfo.InvariantCulture, Apply,
        "e.campaign_id = $1 and lower(e.recipient_email) = lower($2)");

    private static readonly string ByMessageId = string.Format(System.Globalization.CultureInfo.InvariantCulture, Apply,
        "e.brevo_message_id = $8 and lower(e.recipient_email) = lower($2) and $1::uuid is null");

    /// <summary>
    /// A sandbox event: it moves the recipient's row like a real one, but a simulated bounce or
    /// unsubscribe marks a contact only in the demo organisation. Elsewhere (a developer's own
    /// tenant) a made-up bounce must not exclude a real address from every later campaign.
    /// </summary>
    public Task HandleAsync(BrevoWebhookEvent emailEvent, CancellationToken cancellationToken) =>
        ApplyAsync(emailEvent, null, cancellationToken, marksContactsOf: DemoAccounts.OrganisationId);

    /// <summary>A real Brevo webhook event, authenticated for <paramref name="connexionId"/>.</summary>
    /// <returns>Whether the event matched a recipient of Presenca's.</returns>
    public Task<bool> ApplyAsync(BrevoWebhookEvent emailEvent, Guid? connexionId, CancellationToken cancellationToken) =>
        ApplyAsync(emailEvent, connexionId, cancellationToken, marksContactsOf: null);

    private async Task<bool> ApplyAsync(BrevoWebhookEvent emailEvent, Guid? connexionId, CancellationToken cancellationToken, Guid? marksContactsOf)
    {
        var effect = EmailEventRules.EffectOf(emailEvent.Kind);
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        foreach (var sql in emailEvent.Custom is null ? [ByMessageId] : new[] { ByCampaign, ByMessageId })
        {
            await using var command = db.Command(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = sql == ByCampaign ? emailEvent.Custom!.CampaignId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            // Brevo reports the address as it was sent, an internationalised domain in punycode.
            command.Parameters.Add(new NpgsqlParameter { Value = ContactText.UnicodeAddress(emailEvent.Email), NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = effect.ProvesStatus is { } status ? SnakeCaseEnumConverter<EmailSentStatus>.ToText(status) : DBNull.Value,
                NpgsqlDbType = NpgsqlDbType.Text,
            });
            command.Parameters.Add(new NpgsqlParameter { Value = emailEvent.OccurredAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = effect.Engagement switch { Engagement.Opened => "opened", Engagement.Clicked => "clicked", _ => "none" },
                NpgsqlDbType = NpgsqlDbType.Text,
            });
            command.Parameters.Add(new NpgsqlParameter { Value = effect.KeepsReason, NpgsqlDbType = NpgsqlDbType.Boolean });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)emailEvent.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = emailEvent.MessageId, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)connexionId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = effect.Contact switch { ContactEffect.MarkHardBounced => "hard_bounce", ContactEffect.MarkUnsubscribed => "unsubscribe", _ => "none" },
                NpgsqlDbType = NpgsqlDbType.Text,
            });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)marksContactsOf ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            if ((int)(await command.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                await db.CommitAsync(cancellationToken);
                return true;
            }
        }

        return false;
    }
}
