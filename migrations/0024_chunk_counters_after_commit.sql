-- 0024: a preparation chunk no longer holds the campaign's counters until it commits (issue 11 §8,
-- live fan-out). Its statement triggers added its recipients to the campaign row, to the day's
-- 'pending' count and to the per-company counts inside the chunk's transaction, so those rows
-- stayed locked until the chunk committed (the triggers, then the flush of its write-ahead log):
-- every sender's "sending" and "sent", the audience count and the announcement of held-back
-- progress waited behind it, and the watching pages saw nothing move for seconds.
--
-- Now a chunk touches no row that anyone else updates: it writes its recipients and its batches,
-- and one row of email_prepared_chunks that says what they add (and where the preparation stands
-- after it). Right after the commit, fold_prepared_chunk() adds it to the counters in a short
-- transaction of its own and deletes it. Until then the chunk's batches are held (not_before
-- 'infinity'), so no sender, no event and no cancel touches its rows before they are counted:
-- at every commit, counters + unfolded chunk = rows. A worker that dies between the two leaves the
-- chunk for the next preparer of the campaign, or for any scheduler, to fold: the delete makes the
-- fold happen once whoever runs it.

-- At most one per campaign (the key): a campaign's next chunk is written only once the last is folded.
create table email_prepared_chunks (
  campaign_id         uuid primary key references email_campaigns on delete cascade,
  organisation_id     uuid not null,
  client_id           uuid not null,
  -- the chunk's batches are those numbered after it (held until the fold)
  after_batch_no      integer not null,
  -- where the preparation stands after the chunk: its last contact (null: it took none), the
  -- contacts it took (unsubscribed ones excluded), whether it was the last
  prepared_through    uuid,
  scanned             integer not null check (scanned >= 0),
  finished            boolean not null,
  -- what its rows add, as the insert triggers would have: all pending, queued at queued_at
  recipients          integer not null check (recipients >= 0),
  queued_at           timestamptz not null,
  organisation_counts email_organisation_delta[] not null,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);

alter table email_prepared_chunks enable row level security;
alter table email_prepared_chunks force row level security;
create policy email_prepared_chunks_access on email_prepared_chunks for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

-- The chunk's insert names its campaign in presenca.prepared_chunk (set_config, transaction-local):
-- the insert triggers leave that campaign's rows to its email_prepared_chunks row. Any other insert
-- counts as before.
create function prepared_chunk_campaign() returns uuid
  language sql stable set search_path = pg_catalog
as $$
  select nullif(current_setting('presenca.prepared_chunk', true), '')::uuid
$$;

-- 0006's trigger, without the chunk's rows.
create or replace function emails_sent_count_insert() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  deferred uuid := prepared_chunk_campaign();
begin
  perform bump_campaign_counters(campaign_id, count(*)::int,
    (count(*) filter (where status = 'pending'))::int, (count(*) filter (where status = 'sending'))::int,
    (count(*) filter (where status = 'sent'))::int, (count(*) filter (where status = 'delivered'))::int,
    (count(*) filter (where status = 'failed'))::int, (count(*) filter (where status = 'bounced'))::int,
    (count(*) filter (where opened_at is not null))::int, (count(*) filter (where clicked_at is not null))::int)
  from new_rows where campaign_id is distinct from deferred group by campaign_id;
  return null;
end $$;

-- 0008's trigger, without the chunk's rows.
create or replace function emails_sent_daily_insert() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  deferred uuid := prepared_chunk_campaign();
begin
  insert into email_daily_counts as d (organisation_id, client_id, day, status, emails)
  select organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, status, count(*)
  from new_rows where campaign_id is distinct from deferred group by 1, 2, 3, 4 order by 2, 3, 4
  on conflict (client_id, day, status) do update set emails = d.emails + excluded.emails;
  return null;
end $$;

-- 0010's trigger, without the chunk's rows on insert (updates and deletes as before).
create or replace function emails_sent_organisation_counts() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  deferred uuid := prepared_chunk_campaign();
begin
  if TG_OP = 'INSERT' then
    perform bump_email_organisation_counts(array(
      select row(organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, recipient_organization,
                 count(*), count(*) filter (where status = 'delivered'))::email_organisation_delta
      from new_rows where recipient_organization is not null and campaign_id is distinct from deferred
      group by organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, recipient_organization));
  elsif TG_OP = 'UPDATE' then
    perform bump_email_organisation_counts(array(
      select row(organisation_id, client_id, day, recipient_organization, sum(n), sum(n * delivered))::email_organisation_delta
      from (select organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date as day, recipient_organization,
                   (status = 'delivered')::integer as delivered, 1 as n
            from new_rows where recipient_organization is not null
            union all
            select organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, recipient_organization,
                   (status = 'delivered')::integer, -1
            from old_rows where recipient_organization is not null) delta
      group by organisation_id, client_id, day, recipient_organization
      having sum(n) <> 0 or sum(n * delivered) <> 0));
  else
    perform bump_email_organisation_counts(array(
      select row(organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, recipient_organization,
                 -count(*), -count(*) filter (where status = 'delivered'))::email_organisation_delta
      from old_rows where recipient_organization is not null
      group by organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, recipient_organization));
  end if;
  return null;
end $$;

-- Adds a committed chunk to the counters and the preparation's progress, releases its batches and
-- deletes it; no row when the campaign has none left to fold (folded already, by whoever). Rows are
-- locked in the senders' order (the campaign, the day's counts, the companies'), then the held
-- batches, which nobody else locks. The caller completes and announces the campaign.
create function fold_prepared_chunk(p_campaign uuid) returns table (last_chunk boolean, recipients_added integer)
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  k email_prepared_chunks;
begin
  delete from email_prepared_chunks p where p.campaign_id = p_campaign returning p.* into k;
  if not found then
    return;
  end if;

  -- A cancel may have closed the preparation meanwhile (ClearCancelledAsync): it stays closed.
  update email_campaigns c set
    total_recipients = c.total_recipients + k.recipients,
    pending_count = c.pending_count + k.recipients,
    prepared_through = coalesce(k.prepared_through, c.prepared_through),
    preparing = c.preparing and not k.finished,
    recipients_to_prepare = case when k.finished then 0 when c.recipients_to_prepare is null then null
                                 else greatest(0, c.recipients_to_prepare - k.scanned) end,
    recipients_prepared = c.recipients_prepared + k.scanned
  where c.id = p_campaign;

  if k.recipients > 0 then
    insert into email_daily_counts as d (organisation_id, client_id, day, status, emails)
    values (k.organisation_id, k.client_id, (k.queued_at at time zone 'Europe/Paris')::date, 'pending', k.recipients)
    on conflict (client_id, day, status) do update set emails = d.emails + excluded.emails;
  end if;
  perform bump_email_organisation_counts(k.organisation_counts);

  update email_batches b set not_before = null
  where b.campaign_id = p_campaign and b.batch_no > k.after_batch_no and b.not_before = 'infinity';

  last_chunk := k.finished;
  recipients_added := k.recipients;
  return next;
end $$;

revoke all on function fold_prepared_chunk(uuid) from public;
grant execute on function fold_prepared_chunk(uuid) to presenca_app;
