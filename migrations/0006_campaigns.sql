-- 0006: campaigns, first part: the send-rate limiter shared by every worker of every instance.
-- (email_templates, email_campaigns and emails_sent follow once contacts and connexions exist.)

-- One row per limiter key (one Brevo account: 'brevo:<connexion id>'), holding the earliest
-- moment the next call may start. A caller reserves the next slot with one atomic upsert that
-- pushes next_slot_at forward by the interval (SendRateLimiter.cs); the row lock serialises
-- concurrent callers of all processes, so no two slots are ever closer than the interval.
create table send_rate_limits (
  limiter_key  text primary key check (btrim(limiter_key) <> ''),
  next_slot_at timestamptz not null
);

-- Deliberately without row-level security: this table holds no tenant data (an opaque key and a
-- timestamp, nothing to read about anyone), and it is written by workers that act for every
-- tenant at once, outside any user's session, so there is no caller identity a policy could test.
-- Instead of the default privileges (select, insert, update, delete), the app role gets only what
-- reserving a slot needs: it can neither delete a limiter nor truncate the table to escape it.
revoke all on send_rate_limits from presenca_app;
grant select, insert, update on send_rate_limits to presenca_app;

-- ---------------------------------------------------------------------------------------------
-- Campaigns (seed 004): templates, campaigns, their recipients (emails_sent) and the batches the
-- sending pipeline claims. Everything belongs to a client (network or agency) like contacts do.
-- ---------------------------------------------------------------------------------------------
create table email_templates (
  id              uuid primary key default gen_random_uuid(),
  organisation_id uuid not null,
  client_id       uuid not null,
  user_id         uuid,
  name            text not null check (btrim(name) <> ''),
  subject         text not null,
  content         text not null,
  created_at      timestamptz not null default now(),
  created_by      uuid,
  updated_at      timestamptz not null default now(),
  updated_by      uuid,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);
create index email_templates_client_idx on email_templates (client_id, name);

create table email_campaigns (
  id                        uuid primary key default gen_random_uuid(),
  organisation_id           uuid not null,
  client_id                 uuid not null,
  user_id                   uuid,
  template_id               uuid references email_templates on delete set null,
  duplicated_from           uuid references email_campaigns on delete set null,
  name                      text not null check (btrim(name) <> ''),
  subject                   text not null,
  content                   text not null,
  status                    text not null default 'draft'
                              check (status in ('draft', 'scheduled', 'sending', 'sent', 'failed', 'paused', 'cancelled')),
  -- who receives it: every contact of the client, the contacts of chosen companies, or a search
  audience_kind             text not null default 'tous' check (audience_kind in ('tous', 'organisations', 'recherche')),
  audience_organization_ids uuid[],
  audience_search           text,
  sender_email              text,
  sender_name               text,
  -- the Brevo connexion resolved when sending started; null: the sandbox
  brevo_connexion_id        uuid references brevo_connexion on delete set null,
  scheduled_at              timestamptz,
  started_at                timestamptz,
  finished_at               timestamptz,
  -- why the campaign is paused (French, shown to users); 'quota' pauses resume by themselves
  pause_reason              text,
  paused_by_quota           boolean not null default false,
  -- per-status counters, kept by a statement trigger on emails_sent (never by the application)
  total_recipients          integer not null default 0,
  pending_count             integer not null default 0,
  sending_count             integer not null default 0,
  sent_count                integer not null default 0,
  delivered_count           integer not null default 0,
  failed_count              integer not null default 0,
  bounced_count             integer not null default 0,
  opened_count              integer not null default 0,
  clicked_count             integer not null default 0,
  counters_at               timestamptz,
  notified_at               timestamptz,
  created_at                timestamptz not null default now(),
  created_by                uuid,
  updated_at                timestamptz not null default now(),
  updated_by                uuid,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  check (audience_kind <> 'organisations' or cardinality(audience_organization_ids) > 0),
  check (status <> 'scheduled' or scheduled_at is not null)
);
create index email_campaigns_client_idx on email_campaigns (client_id, created_at desc);
create index email_campaigns_active_idx on email_campaigns (status, scheduled_at) where status in ('scheduled', 'sending', 'paused');

-- One call's worth of recipients (≤ 1000), fixed when the campaign starts. The batch, not the
-- recipient, is what workers claim and lease: a batch claimed again after a crash carries the
-- same id, hence the same idempotency key, and Brevo does not deliver it twice.
create table email_batches (
  id              uuid primary key,
  organisation_id uuid not null,
  client_id       uuid not null,
  campaign_id     uuid not null references email_campaigns on delete cascade,
  batch_no        integer not null,
  status          text not null default 'pending' check (status in ('pending', 'claimed', 'done')),
  lease_until     timestamptz,
  claim_token     uuid,
  not_before      timestamptz,
  -- transient failures in a row (5xx, timeouts); a 429 does not count
  attempts        integer not null default 0,
  -- the daily quota was charged for this batch: a retry does not charge it again
  quota_charged   boolean not null default false,
  last_error      text,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  unique (campaign_id, batch_no)
);
create index email_batches_claimable_idx on email_batches (batch_no, campaign_id) where status <> 'done';

create table emails_sent (
  id                     uuid primary key default gen_random_uuid(),
  organisation_id        uuid not null,
  client_id              uuid not null,
  campaign_id            uuid not null references email_campaigns on delete cascade,
  contact_id             uuid references contacts on delete set null,
  recipient_email        text not null,
  recipient_organization text,
  status                 text not null default 'pending'
                           check (status in ('pending', 'sending', 'sent', 'delivered', 'failed', 'bounced')),
  user_id                uuid,
  -- deferred: recipients and their batches are written by two statements of one transaction
  batch_id               uuid references email_batches on delete set null deferrable initially deferred,
  brevo_message_id       text,
  failure_reason         text,
  sent_at                timestamptz,
  delivered_at           timestamptz,
  opened_at              timestamptz,
  clicked_at             timestamptz,
  bounced_at             timestamptz,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  unique (campaign_id, contact_id)
);
create index emails_sent_batch_idx on emails_sent (batch_id, id);
create index emails_sent_campaign_email_idx on emails_sent (campaign_id, lower(recipient_email));
create index emails_sent_message_idx on emails_sent (brevo_message_id) where brevo_message_id is not null;
create index emails_sent_contact_idx on emails_sent (contact_id);

-- The SQL twin of EmailEventRules.Advance (C#): the status to keep when `proposed` arrives for a
-- recipient in `current`. Forward only along pending → sending → sent → delivered; failed and
-- bounced are final; a delivered email may still bounce but no longer fail. A test compares the
-- two for every pair.
create function email_status_advance(current_status text, proposed text) returns text
  language sql immutable set search_path = pg_catalog
as $$
  select case
    when proposed is null or current_status in ('failed', 'bounced') then current_status
    when proposed = 'bounced' then proposed
    when proposed = 'failed' then case when current_status = 'delivered' then current_status else proposed end
    when array_position(array['pending', 'sending', 'sent', 'delivered'], proposed)
         > array_position(array['pending', 'sending', 'sent', 'delivered'], current_status) then proposed
    else current_status
  end
$$;

-- Per-campaign counters, one update per statement (transition tables), so a batch of 1000
-- recipients moves the campaign row once. Progress is announced on 'campaign_progress' at most
-- about four times a second per campaign; flush_campaign_progress() sends what was held back.
create function campaign_progress_payload(c email_campaigns) returns text
  language sql stable set search_path = pg_catalog, public
as $$
  select json_build_object(
    'organisation_id', c.organisation_id, 'campaign_id', c.id, 'status', c.status,
    'total', c.total_recipients, 'pending', c.pending_count, 'sending', c.sending_count, 'sent', c.sent_count,
    'delivered', c.delivered_count, 'failed', c.failed_count, 'bounced', c.bounced_count,
    'opened', c.opened_count, 'clicked', c.clicked_count)::text
$$;

create function bump_campaign_counters(p_campaign uuid, p_total integer, p_pending integer, p_sending integer,
                                       p_sent integer, p_delivered integer, p_failed integer, p_bounced integer,
                                       p_opened integer, p_clicked integer) returns void
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  c email_campaigns;
  stamp timestamptz := clock_timestamp();
begin
  if p_total = 0 and p_pending = 0 and p_sending = 0 and p_sent = 0 and p_delivered = 0 and p_failed = 0
     and p_bounced = 0 and p_opened = 0 and p_clicked = 0 then
    return;
  end if;
  update email_campaigns set
    total_recipients = total_recipients + p_total,
    pending_count = pending_count + p_pending,
    sending_count = sending_count + p_sending,
    sent_count = sent_count + p_sent,
    delivered_count = delivered_count + p_delivered,
    failed_count = failed_count + p_failed,
    bounced_count = bounced_count + p_bounced,
    opened_count = opened_count + p_opened,
    clicked_count = clicked_count + p_clicked,
    counters_at = stamp,
    notified_at = case when notified_at is null or notified_at < stamp - interval '250 milliseconds'
                       then stamp else notified_at end
  where id = p_campaign
  returning * into c;
  if found and c.notified_at = c.counters_at then
    perform pg_notify('campaign_progress', campaign_progress_payload(c));
  end if;
end $$;

create function emails_sent_count_insert() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  perform bump_campaign_counters(campaign_id, count(*)::int,
    (count(*) filter (where status = 'pending'))::int, (count(*) filter (where status = 'sending'))::int,
    (count(*) filter (where status = 'sent'))::int, (count(*) filter (where status = 'delivered'))::int,
    (count(*) filter (where status = 'failed'))::int, (count(*) filter (where status = 'bounced'))::int,
    (count(*) filter (where opened_at is not null))::int, (count(*) filter (where clicked_at is not null))::int)
  from new_rows group by campaign_id;
  return null;
end $$;

create function emails_sent_count_update() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  perform bump_campaign_counters(campaign_id, 0,
    sum(n * (status = 'pending')::int)::int, sum(n * (status = 'sending')::int)::int,
    sum(n * (status = 'sent')::int)::int, sum(n * (status = 'delivered')::int)::int,
    sum(n * (status = 'failed')::int)::int, sum(n * (status = 'bounced')::int)::int,
    sum(n * (opened_at is not null)::int)::int, sum(n * (clicked_at is not null)::int)::int)
  from (select campaign_id, status, opened_at, clicked_at, 1 as n from new_rows
        union all
        select campaign_id, status, opened_at, clicked_at, -1 from old_rows) delta
  group by campaign_id;
  return null;
end $$;

create trigger emails_sent_count_insert after insert on emails_sent
  referencing new table as new_rows for each statement execute function emails_sent_count_insert();
create trigger emails_sent_count_update after update on emails_sent
  referencing old table as old_rows new table as new_rows for each statement execute function emails_sent_count_update();

-- Announces what the throttle held back; workers call it about once a second.
create function flush_campaign_progress() returns integer
  language sql security definer set search_path = pg_catalog, public
as $$
  with flushed as (
    update email_campaigns c set notified_at = clock_timestamp()
    where c.counters_at is not null and c.notified_at < c.counters_at
    returning c.*
  )
  select count(pg_notify('campaign_progress', campaign_progress_payload(f::email_campaigns)))::integer from flushed f
$$;

-- Every change of a campaign's status is announced at once (a page shows "Terminée" without delay).
create function email_campaigns_notify_status() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  perform pg_notify('campaign_progress', campaign_progress_payload(NEW));
  return null;
end $$;
create trigger notify_status after update of status on email_campaigns
  for each row when (old.status is distinct from new.status) execute function email_campaigns_notify_status();

create trigger set_created_audit_fields before insert on email_templates for each row execute function set_created_audit_fields('');
create trigger update_audit_fields before update on email_templates for each row execute function update_audit_fields('');
create trigger record_audit_trail after insert or update or delete on email_templates
  for each row execute function record_audit_trail('id', 'client_id', '');

-- Counter updates are the pipeline's bookkeeping, not edits: only what a user changes moves the
-- audit columns and reaches the trail.
create trigger set_created_audit_fields before insert on email_campaigns for each row execute function set_created_audit_fields('');
create trigger update_audit_fields before update on email_campaigns for each row
  when ((old.name, old.subject, old.content, old.status, old.audience_kind, old.audience_organization_ids, old.audience_search,
         old.sender_email, old.sender_name, old.scheduled_at, old.template_id)
        is distinct from
        (new.name, new.subject, new.content, new.status, new.audience_kind, new.audience_organization_ids, new.audience_search,
         new.sender_email, new.sender_name, new.scheduled_at, new.template_id))
  execute function update_audit_fields('');
create trigger record_audit_trail after insert or delete on email_campaigns
  for each row execute function record_audit_trail('id', 'client_id', '');
create trigger record_audit_trail_update after update on email_campaigns for each row
  when ((old.name, old.subject, old.content, old.status, old.audience_kind, old.audience_organization_ids, old.audience_search,
         old.sender_email, old.sender_name, old.scheduled_at, old.template_id)
        is distinct from
        (new.name, new.subject, new.content, new.status, new.audience_kind, new.audience_organization_ids, new.audience_search,
         new.sender_email, new.sender_name, new.scheduled_at, new.template_id))
  execute function record_audit_trail('id', 'client_id', '');

-- Brevo signs nothing: each connexion gets its own webhook secret (Basic or bearer), encrypted
-- like the API key.
alter table brevo_connexion add column brevo_webhook_secret text check (is_protected_secret(brevo_webhook_secret));
-- Brevo's own test mode: every call carries X-Sib-Sandbox: drop, Brevo validates and answers but
-- delivers nothing (to rehearse a campaign on a real account).
alter table brevo_connexion add column brevo_sandbox_drop boolean not null default false;

grant execute on function email_status_advance(text, text), flush_campaign_progress() to presenca_app;

-- ---------------------------------------------------------------------------------------------
-- Row-level security, as for contacts: the client's own rows and, for a director, the network's.
-- The pipeline's workers and the webhook endpoint act for every tenant: they use the system
-- caller (Caller.System, an admin identity without organisation), see PipelineCaller.cs.
-- ---------------------------------------------------------------------------------------------
alter table email_templates enable row level security;
alter table email_templates force row level security;
create policy email_templates_access on email_templates for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

alter table email_campaigns enable row level security;
alter table email_campaigns force row level security;
create policy email_campaigns_access on email_campaigns for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

alter table email_batches enable row level security;
alter table email_batches force row level security;
create policy email_batches_access on email_batches for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

alter table emails_sent enable row level security;
alter table emails_sent force row level security;
create policy emails_sent_access on emails_sent for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));
