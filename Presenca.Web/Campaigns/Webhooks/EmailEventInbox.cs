using Npgsql;
using NpgsqlTypes;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Modeling;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Contacts;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// Appends delivery events to <c>email_event_inbox</c> (migration 0018): a webhook call's events,
/// or a sandbox batch's, in one multi-row insert and one short transaction, so the caller is
/// answered at once and nothing is lost once it was answered. <see cref="EmailEventApplier"/>
/// applies them later, a chunk at a time.
/// </summary>
/// <remarks>
/// What each event does (<see cref="EmailEventRules.EffectOf"/>) is decided here and stored with
/// it, so the applier's SQL needs no second copy of the rules. Runs as <see cref="PipelineCaller"/>:
/// only it and admins see the inbox (the events are not matched to a tenant yet).
/// </remarks>
public sealed class EmailEventInbox(PresencaDatabase database) : IEmailEventHandler
{
    private const string Append = """
        insert into email_event_inbox (connexion_id, sandbox, event, email, message_id, campaign_id, occurred_at, reason,
                                       proposed_status, engagement, keeps_reason, contact_effect, next_attempt_at)
        select $1, $1 is null, u.event, u.email, u.message_id, u.campaign_id, u.occurred_at, u.reason,
               u.proposed_status, u.engagement, u.keeps_reason, u.contact_effect, now() + u.due
        from unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[], $7::text[],
                    $8::text[], $9::text[], $10::boolean[], $11::text[], $12::interval[])
             with ordinality as u(event, email, message_id, campaign_id, occurred_at, reason,
                                  proposed_status, engagement, keeps_reason, contact_effect, due, n)
        order by u.n
        """;

    /// <summary>Wakes this process's applier when events were appended here (other processes poll).</summary>
    public PipelineWakeUp Appended { get; } = new();

    /// <summary>A sandbox batch's events, each due when the sandbox says it happens.</summary>
    public Task HandleAsync(IReadOnlyList<ScheduledEmailEvent> events, CancellationToken cancellationToken) =>
        AppendAsync(events, connexionId: null, cancellationToken);

    /// <summary>The events of one authenticated webhook call, due now.</summary>
    public Task AppendWebhookAsync(IReadOnlyList<BrevoWebhookEvent> events, Guid connexionId, CancellationToken cancellationToken) =>
        AppendAsync(events.Select(e => new ScheduledEmailEvent(e, TimeSpan.Zero)).ToList(), connexionId, cancellationToken);

    private async Task AppendAsync(IReadOnlyList<ScheduledEmailEvent> events, Guid? connexionId, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var effects = events.Select(e => EmailEventRules.EffectOf(e.Event.Kind)).ToList();
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        await using (var command = db.Command(Append))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)connexionId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            Add(command, NpgsqlDbType.Text, events.Select(e => BrevoEventNames.PayloadName(e.Event.Kind)));
            // Brevo reports the address as it was sent, an internationalised domain in punycode.
            Add(command, NpgsqlDbType.Text, events.Select(e => ContactText.UnicodeAddress(e.Event.Email)));
            Add(command, NpgsqlDbType.Text, events.Select(e => e.Event.MessageId));
            Add(command, NpgsqlDbType.Uuid, events.Select(e => e.Event.Custom?.CampaignId));
            Add(command, NpgsqlDbType.TimestampTz, events.Select(e => e.Event.OccurredAt.ToUniversalTime()));
            Add(command, NpgsqlDbType.Text, events.Select(e => e.Event.Reason));
            Add(command, NpgsqlDbType.Text, effects.Select(f => f.ProvesStatus is { } status ? SnakeCaseEnumConverter<EmailSentStatus>.ToText(status) : null));
            Add(command, NpgsqlDbType.Text, effects.Select(f => f.Engagement switch { Engagement.Opened => "opened", Engagement.Clicked => "clicked", _ => "none" }));
            Add(command, NpgsqlDbType.Boolean, effects.Select(f => f.KeepsReason));
            Add(command, NpgsqlDbType.Text, effects.Select(f => f.Contact switch
            {
                ContactEffect.MarkHardBounced => "hard_bounce",
                ContactEffect.MarkUnsubscribed => "unsubscribe",
                _ => "none",
            }));
            Add(command, NpgsqlDbType.Interval, events.Select(e => e.Due < TimeSpan.Zero ? TimeSpan.Zero : e.Due));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await db.CommitAsync(cancellationToken);
        Appended.Pulse();
    }

    private static void Add<T>(NpgsqlCommand command, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type });
}
