using Npgsql;
using NpgsqlTypes;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Modeling;
using Presenca.Web.Campaigns.Pipeline;

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
    private const string Update = """
        update emails_sent e set
          status = email_status_advance(e.status, $3),
          sent_at = coalesce(e.sent_at, case when $3 in ('sent', 'delivered', 'bounced') then $4 end),
          delivered_at = coalesce(e.delivered_at, case when $3 = 'delivered' then $4 end),
          bounced_at = coalesce(e.bounced_at, case when $3 = 'bounced' then $4 end),
          opened_at = coalesce(e.opened_at, case when $5 in ('opened', 'clicked') then $4 end),
          clicked_at = coalesce(e.clicked_at, case when $5 = 'clicked' then $4 end),
          failure_reason = case when $6 and $7 is not null and e.status not in ('failed', 'bounced') then $7 else e.failure_reason end,
          brevo_message_id = coalesce(e.brevo_message_id, $8),
          updated_at = now()
        where {0}
          and ($9 is null or exists (select 1 from email_campaigns k where k.id = e.campaign_id and k.brevo_connexion_id = $9))
        returning e.contact_id
        """;

    private static readonly string ByCampaign = string.Format(System.Globalization.CultureInfo.InvariantCulture, Update,
        "e.campaign_id = $1 and lower(e.recipient_email) = lower($2)");

    private static readonly string ByMessageId = string.Format(System.Globalization.CultureInfo.InvariantCulture, Update,
        "e.brevo_message_id = $8 and lower(e.recipient_email) = lower($2) and $1 is null");

    public Task HandleAsync(BrevoWebhookEvent emailEvent, CancellationToken cancellationToken) =>
        ApplyAsync(emailEvent, null, cancellationToken);

    /// <returns>Whether the event matched a recipient of Presenca's.</returns>
    public async Task<bool> ApplyAsync(BrevoWebhookEvent emailEvent, Guid? connexionId, CancellationToken cancellationToken)
    {
        var effect = EmailEventRules.EffectOf(emailEvent.Kind);
        await using var db = await PipelineConnection.OpenAsync(database, cancellationToken);
        await using var transaction = await db.Connection.BeginTransactionAsync(cancellationToken);
        var contacts = new List<Guid>();
        foreach (var sql in emailEvent.Custom is null ? [ByMessageId] : new[] { ByCampaign, ByMessageId })
        {
            await using var command = new NpgsqlCommand(sql, db.Connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = sql == ByCampaign ? emailEvent.Custom!.CampaignId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = emailEvent.Email, NpgsqlDbType = NpgsqlDbType.Text });
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
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (!reader.IsDBNull(0))
                    {
                        contacts.Add(reader.GetGuid(0));
                    }
                }

                if (reader.RecordsAffected > 0)
                {
                    await reader.DisposeAsync();
                    await MarkContactsAsync(db, transaction, effect.Contact, contacts, emailEvent.OccurredAt, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return true;
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return false;
    }

    private static async Task MarkContactsAsync(PipelineConnection db, NpgsqlTransaction transaction, ContactEffect effect, List<Guid> contacts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var sql = effect switch
        {
            ContactEffect.MarkHardBounced => "update contacts set hard_bounced = true where id = any ($1) and not hard_bounced",
            ContactEffect.MarkUnsubscribed => "update contacts set desinscrit = true, desinscrit_at = coalesce(desinscrit_at, $2) where id = any ($1) and not desinscrit",
            _ => null,
        };
        if (sql is null || contacts.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(sql, db.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = contacts.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
