-- 0008: analytics (seed 004's campaign_analytics, contact_analytics, dashboard_analytics).
-- Views with security_invoker: they read the tables as the caller, so row-level security of
-- email_campaigns, emails_sent, contacts and clients applies to whoever queries them.
-- Rates are percentages (one decimal) of the emails that left the queue: neither pending nor
-- sending. A campaign's counts come from its counters (kept by 0006's trigger on emails_sent),
-- so no view counts a million recipients to draw a page.

create view campaign_analytics with (security_invoker = true) as
select
  c.id                  as campaign_id,
  c.organisation_id,
  c.client_id,
  k.client_nom,
  c.name                as campaign_name,
  c.subject,
  c.status              as campaign_status,
  c.created_at,
  c.started_at,
  c.finished_at,
  c.total_recipients    as total_emails,
  c.pending_count,
  c.sending_count,
  c.sent_count,
  c.delivered_count,
  c.failed_count,
  c.bounced_count,
  c.opened_count,
  c.clicked_count,
  round(100.0 * (c.sent_count + c.delivered_count)
        / nullif(c.total_recipients - c.pending_count - c.sending_count, 0), 1) as success_rate,
  round(100.0 * c.delivered_count
        / nullif(c.total_recipients - c.pending_count - c.sending_count, 0), 1) as delivery_rate
from email_campaigns c
join clients k on k.client_id = c.client_id;

-- One row per contact; the lateral aggregate runs only for the contacts a page asks for.
create view contact_analytics with (security_invoker = true) as
select
  c.id                 as contact_id,
  c.organisation_id,
  c.client_id,
  c.email,
  c.email_lower,
  c.organization_id,
  c.organization_name,
  s.emails_received,
  s.delivered_count,
  s.bounced_count,
  s.opened_count,
  round(100.0 * s.delivered_count / nullif(s.emails_left, 0), 1) as delivery_rate,
  s.last_event_at
from contacts c
cross join lateral (
  select
    count(*)::integer                                                      as emails_received,
    (count(*) filter (where e.status not in ('pending', 'sending')))::integer as emails_left,
    (count(*) filter (where e.status = 'delivered'))::integer              as delivered_count,
    (count(*) filter (where e.status = 'bounced'))::integer                as bounced_count,
    (count(*) filter (where e.opened_at is not null))::integer             as opened_count,
    max(greatest(e.sent_at, e.delivered_at, e.opened_at, e.clicked_at, e.bounced_at)) as last_event_at
  from emails_sent e
  where e.contact_id = c.id
) s;

-- One row per client (network or agency) the caller sees; the app adds up the rows it is
-- allowed to read, so a director's figures are the network's and an agency's its own.
-- "Today" is the calendar day in Europe/Paris, whatever the server's time zone.
create view dashboard_analytics with (security_invoker = true) as
select
  k.organisation_id,
  k.client_id,
  k.client_nom,
  (select count(*) from contacts c where c.client_id = k.client_id)::integer                 as total_contacts,
  (select count(*) from contact_organizations o where o.client_id = k.client_id)::integer    as total_organisations,
  (select count(*) from email_campaigns m
    where m.client_id = k.client_id and m.status in ('scheduled', 'sending', 'paused'))::integer as active_campaigns,
  (select count(*) from emails_sent e
    where e.client_id = k.client_id
      and e.sent_at >= (date_trunc('day', now() at time zone 'Europe/Paris') at time zone 'Europe/Paris'))::integer
                                                                                            as emails_sent_today
from clients k;

-- Each recipient with the Paris calendar day it was queued on, for the charts. Not grouped here:
-- the pages filter on created_at (a leakproof comparison, so the index below serves it under
-- row-level security) and group what is left.
create view email_activity with (security_invoker = true) as
select
  e.organisation_id,
  e.client_id,
  e.campaign_id,
  e.status,
  e.recipient_organization,
  e.created_at,
  (e.created_at at time zone 'Europe/Paris')::date as day
from emails_sent e;

-- Row-level security tests organisation_id and client_id on every row it lets through, so each
-- index below carries both: the counts and groupings are then index-only scans, never a heap
-- visit per row (a tenant can hold millions of recipients and hundreds of thousands of contacts).
create index emails_sent_client_created_idx on emails_sent (client_id, created_at)
  include (organisation_id, status, recipient_organization);
-- A director's filter covers several clients (an exists on clients), which no client-led index
-- serves: the organisation-led twin lets the period bound the scan.
create index emails_sent_organisation_created_idx on emails_sent (organisation_id, created_at)
  include (client_id, status, recipient_organization);
create index emails_sent_client_sent_idx on emails_sent (client_id, sent_at) include (organisation_id) where sent_at is not null;
create index contacts_client_organisation_idx on contacts (client_id, organisation_id);
create index contact_organizations_client_idx on contact_organizations (client_id, organisation_id);
create index email_campaigns_client_started_idx on email_campaigns (client_id, started_at);

-- Default privileges would grant writes too; these views are for reading.
revoke all on campaign_analytics, contact_analytics, dashboard_analytics, email_activity from presenca_app;
grant select on campaign_analytics, contact_analytics, dashboard_analytics, email_activity to presenca_app;

-- ---------------------------------------------------------------------------------------------
-- Emails per Paris day and status, per client, kept by statement triggers on emails_sent (like
-- 0006's per-campaign counters): the daily chart reads a few rows per day instead of grouping
-- every recipient of the period. A recipient counts on the day it was queued (created_at).
-- ---------------------------------------------------------------------------------------------
create table email_daily_counts (
  organisation_id uuid not null,
  client_id       uuid not null,
  day             date not null,
  status          text not null,
  emails          integer not null default 0,
  primary key (client_id, day, status),
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);

-- Rows are upserted in key order, so two transactions touching the same days never lock in
-- opposite orders.
create function emails_sent_daily_insert() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  insert into email_daily_counts as d (organisation_id, client_id, day, status, emails)
  select organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, status, count(*)
  from new_rows group by 1, 2, 3, 4 order by 2, 3, 4
  on conflict (client_id, day, status) do update set emails = d.emails + excluded.emails;
  return null;
end $$;

create function emails_sent_daily_update() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  insert into email_daily_counts as d (organisation_id, client_id, day, status, emails)
  select o, c, day, s, sum(n)
  from (select organisation_id o, client_id c, (created_at at time zone 'Europe/Paris')::date as day, status s, 1 n from new_rows
        union all
        select organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, status, -1 from old_rows) delta
  group by 1, 2, 3, 4 having sum(n) <> 0 order by 2, 3, 4
  on conflict (client_id, day, status) do update set emails = d.emails + excluded.emails;
  return null;
end $$;

-- An update, not an upsert: when a whole client goes, its counts are already gone with it, and
-- nothing must be written back for it.
create function emails_sent_daily_delete() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  update email_daily_counts d set emails = d.emails - g.n
  from (select client_id, (created_at at time zone 'Europe/Paris')::date as day, status, count(*)::integer as n
        from old_rows group by 1, 2, 3 order by 1, 2, 3) g
  where d.client_id = g.client_id and d.day = g.day and d.status = g.status;
  return null;
end $$;

create trigger emails_sent_daily_insert after insert on emails_sent
  referencing new table as new_rows for each statement execute function emails_sent_daily_insert();
create trigger emails_sent_daily_update after update on emails_sent
  referencing old table as old_rows new table as new_rows for each statement execute function emails_sent_daily_update();
create trigger emails_sent_daily_delete after delete on emails_sent
  referencing old table as old_rows for each statement execute function emails_sent_daily_delete();

insert into email_daily_counts (organisation_id, client_id, day, status, emails)
select organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, status, count(*)
from emails_sent group by 1, 2, 3, 4;

-- Written by the triggers only: the app reads.
revoke all on email_daily_counts from presenca_app;
grant select on email_daily_counts to presenca_app;

alter table email_daily_counts enable row level security;
alter table email_daily_counts force row level security;
create policy email_daily_counts_access on email_daily_counts for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));
