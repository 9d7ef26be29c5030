-- 0015: a campaign's recipients are prepared in chunks (issue 12 §4). "Envoyer" only records the
-- campaign as sending, with its audience fixed; workers then write its emails_sent rows and batches
-- a chunk at a time (contacts in id order, each chunk its own transaction), so the first batches
-- are claimed while the rest is still being written. A crashed worker's chunk rolls back whole and
-- the next worker resumes after prepared_through.

-- audience_cutoff: contacts created after it are not in the audience (the start's now()).
-- prepared_through: the last contact id already prepared, in uuid order (null: none yet).
-- recipients_to_prepare: the audience counted at the start, less what the chunks took (shown live).
-- preparing: chunks remain; a campaign is not finished while it is true.
alter table email_campaigns
  add column audience_cutoff timestamptz,
  add column prepared_through uuid,
  add column recipients_to_prepare integer not null default 0 check (recipients_to_prepare >= 0),
  add column preparing boolean not null default false;

-- A chunk reads the client's next contacts in id order. 0008's (client_id, organisation_id) index
-- (index-only counts under row-level security) becomes a prefix of this one rather than one more
-- index on every contact an import writes.
create index contacts_client_organisation_id_idx on contacts (client_id, organisation_id, id);
drop index contacts_client_organisation_idx;

-- The progress notification carries the count still to prepare, like the other counters.
create or replace function campaign_progress_payload(c email_campaigns) returns text
  language sql stable set search_path = pg_catalog, public
as $$
  select json_build_object(
    'organisation_id', c.organisation_id, 'client_id', c.client_id, 'campaign_id', c.id, 'status', c.status,
    'total', c.total_recipients, 'pending', c.pending_count, 'sending', c.sending_count, 'sent', c.sent_count,
    'delivered', c.delivered_count, 'failed', c.failed_count, 'bounced', c.bounced_count,
    'opened', c.opened_count, 'clicked', c.clicked_count, 'to_prepare', c.recipients_to_prepare)::text
$$;

-- A cancelled campaign keeps no pending recipients: the pipeline deletes them, and the campaign's
-- counters follow (0008 and 0010 already follow deletes for the daily and per-company counts).
create function emails_sent_count_delete() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  perform bump_campaign_counters(campaign_id, -count(*)::int,
    -(count(*) filter (where status = 'pending'))::int, -(count(*) filter (where status = 'sending'))::int,
    -(count(*) filter (where status = 'sent'))::int, -(count(*) filter (where status = 'delivered'))::int,
    -(count(*) filter (where status = 'failed'))::int, -(count(*) filter (where status = 'bounced'))::int,
    -(count(*) filter (where opened_at is not null))::int, -(count(*) filter (where clicked_at is not null))::int)
  from old_rows group by campaign_id;
  return null;
end $$;

create trigger emails_sent_count_delete after delete on emails_sent
  referencing old table as old_rows for each statement execute function emails_sent_count_delete();

-- The campaigns whose recipients remain to prepare, looked for by every worker at each poll.
create index email_campaigns_preparing_idx on email_campaigns (started_at) where preparing;

-- Announces one campaign now, throttle or not: a chunk of its recipients committed (the count still
-- to prepare moved), or its preparation ended without a row to insert.
create function announce_campaign_progress(p_campaign uuid) returns void
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  c email_campaigns;
  stamp timestamptz := clock_timestamp();
begin
  update email_campaigns set counters_at = stamp, notified_at = stamp where id = p_campaign returning * into c;
  if found then
    perform pg_notify('campaign_progress', campaign_progress_payload(c));
  end if;
end $$;

grant execute on function announce_campaign_progress(uuid) to presenca_app;
