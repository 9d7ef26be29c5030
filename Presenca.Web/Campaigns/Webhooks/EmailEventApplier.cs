using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Presenca.Data;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>What one chunk did: events claimed, applied to a recipient, and left for a later look.</summary>
public sealed record EmailEventChunk(int Claimed, int Applied, int Retried, IReadOnlyList<Guid> Campaigns);

/// <summary>
/// Applies the inbox's due events to their <c>emails_sent</c> rows and, for a hard bounce or an
/// unsubscribe, to the contact: a chunk of a few thousand events at a time, claimed with
/// FOR UPDATE SKIP LOCKED (so every process may apply at once), in one statement and one
/// transaction. The counters' statement triggers on emails_sent therefore run once per chunk, and
/// each campaign the chunk moved is announced once (<c>campaign_progress</c>).
/// </summary>
/// <remarks>
/// An event finds its row by (campaign id from X-Mailin-custom, recipient address), else by
/// Brevo's message id (email_event_recipients, 0018, one call per chunk that keeps the lookup on
/// its index). Several events for one row in a chunk are folded in arrival order through
/// email_status_advance (email_events_fold, 0018), the SQL twin of <see cref="EmailEventRules.Advance"/>,
/// inside the UPDATE: the status moves only forward, first timestamps win, and a repeated event
/// changes nothing. The target rows are locked in id order first, as the pipeline's own updates
/// go, so that the two rarely wait on each other in a cycle; a chunk that still fails (a deadlock,
/// a lost connection) rolls back whole and its events are claimed again. An event that finds no
/// row (its message id not recorded yet) stays in the inbox and is looked at again with backoff,
/// until <see cref="EmailEventOptions.MaxAttempts"/>. A webhook's event applies only to campaigns
/// sent through the connexion it authenticated with; a sandbox bounce or unsubscribe marks a
/// contact only in the demo organisation (elsewhere a made-up bounce must not exclude a real
/// address from every later campaign).
/// </remarks>
public sealed class EmailEventApplier(PresencaDatabase database, IOptions<EmailEventOptions> options)
{
    private const string ApplyChunk = """
        with claimed as (
          select i.*, row_number() over (order by i.next_attempt_at, i.id) as n
          from (select * from email_event_inbox
                where gave_up_at is null and next_attempt_at <= now()
                order by next_attempt_at, id
                limit $1
                for update skip locked) i
        ), recipients as (
          select r.n, r.email_id
          from (select array_agg(c.campaign_id order by c.n) as campaigns, array_agg(c.email order by c.n) as emails,
                       array_agg(c.message_id order by c.n) as message_ids, array_agg(c.connexion_id order by c.n) as connexions
                from claimed c) a,
               email_event_recipients(a.campaigns, a.emails, a.message_ids, a.connexions) r
        ), matched as (
          select i.id, i.sandbox, i.occurred_at, i.message_id, i.reason, i.proposed_status, i.engagement, i.keeps_reason, i.contact_effect,
                 r.email_id
          from claimed i join recipients r on r.n = i.n
        ), grouped as (
          select m.email_id,
                 array_agg(m.proposed_status order by m.id) as proposals,
                 array_agg(case when m.keeps_reason then m.reason end order by m.id) as reasons,
                 bool_and(not m.keeps_reason or m.reason is null) as reasonless,
                 (array_agg(m.occurred_at order by m.id) filter (where m.proposed_status in ('sent', 'delivered', 'bounced')))[1] as sent_at,
                 (array_agg(m.occurred_at order by m.id) filter (where m.proposed_status = 'delivered'))[1] as delivered_at,
                 (array_agg(m.occurred_at order by m.id) filter (where m.proposed_status = 'bounced'))[1] as bounced_at,
                 (array_agg(m.occurred_at order by m.id) filter (where m.engagement in ('opened', 'clicked')))[1] as opened_at,
                 (array_agg(m.occurred_at order by m.id) filter (where m.engagement = 'clicked'))[1] as clicked_at,
                 (array_agg(m.occurred_at order by m.id) filter (where m.contact_effect = 'unsubscribe'))[1] as unsubscribed_at,
                 (array_agg(m.message_id order by m.id))[1] as message_id
          from matched m
          where m.email_id is not null
          group by m.email_id
        ), locked as (
          select e.id from emails_sent e where e.id in (select g.email_id from grouped g) order by e.id for update
        ), updated as (
          update emails_sent e set
            -- Most rows get one or two events without a reason: email_status_advance inline; the
            -- rest go through the fold (same result, a plpgsql loop).
            status = case
              when g.reasonless and cardinality(g.proposals) = 1 then email_status_advance(e.status, g.proposals[1])
              when g.reasonless and cardinality(g.proposals) = 2 then email_status_advance(email_status_advance(e.status, g.proposals[1]), g.proposals[2])
              else (email_events_fold(e.status, e.failure_reason, g.proposals, g.reasons)).status end,
            failure_reason = case when g.reasonless then e.failure_reason
              else (email_events_fold(e.status, e.failure_reason, g.proposals, g.reasons)).failure_reason end,
            sent_at = coalesce(e.sent_at, g.sent_at),
            delivered_at = coalesce(e.delivered_at, g.delivered_at),
            bounced_at = coalesce(e.bounced_at, g.bounced_at),
            opened_at = coalesce(e.opened_at, g.opened_at),
            clicked_at = coalesce(e.clicked_at, g.clicked_at),
            unsubscribed_at = coalesce(e.unsubscribed_at, g.unsubscribed_at),
            brevo_message_id = coalesce(e.brevo_message_id, g.message_id),
            updated_at = now()
          from grouped g join locked l on l.id = g.email_id
          where e.id = g.email_id
          returning e.id, e.contact_id, e.campaign_id, e.organisation_id
        ), contact_effects as (
          select u.contact_id,
                 bool_or(m.contact_effect = 'hard_bounce') as hard_bounce,
                 (array_agg(m.occurred_at order by m.id) filter (where m.contact_effect = 'unsubscribe'))[1] as unsubscribed_at,
                 (array_agg(u.campaign_id order by m.id) filter (where m.contact_effect = 'unsubscribe'))[1] as unsubscribed_from
          from updated u join matched m on m.email_id = u.id
          where u.contact_id is not null and m.contact_effect <> 'none' and (not m.sandbox or u.organisation_id = $2)
          group by u.contact_id
        ), marked as (
          update contacts c set
            hard_bounced = c.hard_bounced or x.hard_bounce,
            desinscrit = c.desinscrit or x.unsubscribed_at is not null,
            desinscrit_at = case when x.unsubscribed_at is not null and not c.desinscrit then x.unsubscribed_at else c.desinscrit_at end,
            desinscrit_campaign_id = case when x.unsubscribed_at is not null and not c.desinscrit then x.unsubscribed_from else c.desinscrit_campaign_id end
          from contact_effects x
          where c.id = x.contact_id
            and ((x.hard_bounce and not c.hard_bounced) or (x.unsubscribed_at is not null and not c.desinscrit))
          returning 1
        ), applied as (
          delete from email_event_inbox i using matched m where i.id = m.id and m.email_id is not null
          returning i.id
        ), retried as (
          update email_event_inbox i set
            attempts = i.attempts + 1,
            next_attempt_at = now() + least(interval '1 second' * power(2, least(i.attempts, 20)), interval '5 minutes'),
            gave_up_at = case when i.attempts + 1 >= $3 then now() end
          from matched m
          where i.id = m.id and m.email_id is null
          returning i.id
        )
        select (select count(*) from claimed)::int, (select count(*) from applied)::int, (select count(*) from retried)::int,
               coalesce((select array_agg(distinct u.campaign_id order by u.campaign_id) from updated u), '{}'::uuid[]),
               (select count(*) from marked)::int
        """;

    /// <summary>Applies the next chunk of due events (nothing when none is due or all are taken by other workers).</summary>
    public async Task<EmailEventChunk> ApplyNextChunkAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        EmailEventChunk chunk;
        await using (var command = db.Command(ApplyChunk))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = Math.Max(1, settings.ChunkSize), NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter { Value = DemoAccounts.OrganisationId, NpgsqlDbType = NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = Math.Max(1, settings.MaxAttempts), NpgsqlDbType = NpgsqlDbType.Integer });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            chunk = new EmailEventChunk(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<Guid[]>(3));
        }

        if (chunk.Claimed == 0)
        {
            return chunk;
        }

        // Once per chunk and campaign, with the counters as this chunk left them (the trigger's own
        // notification, if it sent one, carries the same payload and PostgreSQL delivers it once).
        if (chunk.Campaigns.Count > 0)
        {
            await db.ExecuteAsync("select announce_campaign_progress(c) from unnest($1::uuid[]) c order by c", cancellationToken, chunk.Campaigns.ToArray());
        }

        await db.CommitAsync(cancellationToken);
        return chunk;
    }

    /// <summary>Applies every event due now (tests, and the benchmark's floor); returns how many were applied.</summary>
    public async Task<int> ApplyDueAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        while (true)
        {
            var chunk = await ApplyNextChunkAsync(cancellationToken);
            applied += chunk.Applied;
            if (chunk.Claimed < Math.Max(1, options.Value.ChunkSize))
            {
                return applied;
            }
        }
    }

    /// <summary>Forgets events set aside longer than <see cref="EmailEventOptions.KeepSetAside"/>.</summary>
    public async Task<int> PurgeSetAsideAsync(CancellationToken cancellationToken)
    {
        await using var db = await PipelineTransaction.BeginAsync(database, cancellationToken);
        var purged = await db.ExecuteAsync("delete from email_event_inbox where gave_up_at < now() - $1", cancellationToken, options.Value.KeepSetAside);
        await db.CommitAsync(cancellationToken);
        return purged;
    }
}
