-- 0010: counters for Analytique's "top organisations" chart, kept by statement triggers on
-- emails_sent like 0008's email_daily_counts. Grouping the period's recipients meant reading every
-- one of them (a second for a tenant of 1,000,000); these counters hold one row per client, company
-- and Paris day or month, so a period reads a few thousand rows.
--
-- A period starts at midnight in Paris and runs up to now. The app reads it as the day rows of its
-- first, partial month plus the month rows from the next month on; each recipient counts once in
-- each table. The month rows live in their own table so that a long period reads them packed
-- together rather than scattered among the day rows.

create table email_organisation_daily_counts (
  organisation_id        uuid not null,
  client_id              uuid not null,
  -- the Paris day on which the recipients were queued (emails_sent.created_at)
  day                    date not null,
  recipient_organization text not null,
  emails                 integer not null default 0,
  delivered              integer not null default 0,
  primary key (client_id, day, recipient_organization),
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);

create table email_organisation_monthly_counts (
  organisation_id        uuid not null,
  client_id              uuid not null,
  -- the first day of the Paris month on which the recipients were queued
  month                  date not null,
  recipient_organization text not null,
  emails                 integer not null default 0,
  delivered              integer not null default 0,
  primary key (client_id, month, recipient_organization),
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);

-- What one statement on emails_sent changes, per client, company and day.
create type email_organisation_delta as (
  organisation_id uuid, client_id uuid, day date, recipient_organization text, emails integer, delivered integer);

-- Adds signed deltas to both tables, writing only the counters that change. Clients deleted by the
-- statement are skipped: their counters went with them (cascade) and nothing must be written back.
-- Rows are upserted in key order, so two transactions touching the same counters never lock them in
-- opposite orders.
create function bump_email_organisation_counts(deltas email_organisation_delta[]) returns void
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  insert into email_organisation_daily_counts as c (organisation_id, client_id, day, recipient_organization, emails, delivered)
  select d.organisation_id, d.client_id, d.day, d.recipient_organization, d.emails, d.delivered
  from unnest(deltas) d
  where (d.emails <> 0 or d.delivered <> 0) and exists (select 1 from clients k where k.client_id = d.client_id)
  order by 2, 3, 4
  on conflict (client_id, day, recipient_organization) do update
    set emails = c.emails + excluded.emails, delivered = c.delivered + excluded.delivered;

  insert into email_organisation_monthly_counts as c (organisation_id, client_id, month, recipient_organization, emails, delivered)
  select d.organisation_id, d.client_id, date_trunc('month', d.day)::date, d.recipient_organization, sum(d.emails), sum(d.delivered)
  from unnest(deltas) d
  where exists (select 1 from clients k where k.client_id = d.client_id)
  group by 1, 2, 3, 4
  having sum(d.emails) <> 0 or sum(d.delivered) <> 0
  order by 2, 3, 4
  on conflict (client_id, month, recipient_organization) do update
    set emails = c.emails + excluded.emails, delivered = c.delivered + excluded.delivered;
end $$;

-- +1 for each recipient's new state, -1 for its old one. A status moving from pending to sending to
-- sent leaves both counts as they were, so the pipeline's batches write nothing here; a webhook
-- marking an email delivered moves one day row and one month row.
create function emails_sent_organisation_counts() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  if TG_OP = 'INSERT' then
    perform bump_email_organisation_counts(array(
      select row(organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, recipient_organization,
                 count(*), count(*) filter (where status = 'delivered'))::email_organisation_delta
      from new_rows where recipient_organization is not null
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

create trigger emails_sent_organisation_insert after insert on emails_sent
  referencing new table as new_rows for each statement execute function emails_sent_organisation_counts();
create trigger emails_sent_organisation_update after update on emails_sent
  referencing old table as old_rows new table as new_rows for each statement execute function emails_sent_organisation_counts();
create trigger emails_sent_organisation_delete after delete on emails_sent
  referencing old table as old_rows for each statement execute function emails_sent_organisation_counts();

-- The recipients already queued.
insert into email_organisation_daily_counts (organisation_id, client_id, day, recipient_organization, emails, delivered)
select organisation_id, client_id, (created_at at time zone 'Europe/Paris')::date, recipient_organization,
       count(*), count(*) filter (where status = 'delivered')
from emails_sent where recipient_organization is not null
group by 1, 2, 3, 4;

insert into email_organisation_monthly_counts (organisation_id, client_id, month, recipient_organization, emails, delivered)
select organisation_id, client_id, date_trunc('month', day)::date, recipient_organization, sum(emails), sum(delivered)
from email_organisation_daily_counts
group by 1, 2, 3, 4;

-- Written by the trigger only: the app reads.
revoke all on email_organisation_daily_counts, email_organisation_monthly_counts from presenca_app;
grant select on email_organisation_daily_counts, email_organisation_monthly_counts to presenca_app;

alter table email_organisation_daily_counts enable row level security;
alter table email_organisation_daily_counts force row level security;
create policy email_organisation_daily_counts_access on email_organisation_daily_counts for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

alter table email_organisation_monthly_counts enable row level security;
alter table email_organisation_monthly_counts force row level security;
create policy email_organisation_monthly_counts_access on email_organisation_monthly_counts for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

-- ---------------------------------------------------------------------------------------------
-- Contacts per client, kept by statement triggers on contacts: Aperçu and Analytique show how many
-- contacts a client (or a whole network) has, which otherwise counts every contact on every page
-- (200,000 index entries for a large agency). One row per client; an import of 100,000 contacts
-- moves it once.
-- ---------------------------------------------------------------------------------------------
create table client_contact_counts (
  organisation_id uuid not null,
  client_id       uuid primary key,
  contacts        integer not null default 0,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);

create type client_contact_delta as (organisation_id uuid, client_id uuid, contacts integer);

-- As for the organisation counters: deleted clients are skipped, rows are upserted in key order.
create function bump_client_contact_counts(deltas client_contact_delta[]) returns void
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  insert into client_contact_counts as c (organisation_id, client_id, contacts)
  select d.organisation_id, d.client_id, sum(d.contacts)
  from unnest(deltas) d
  where exists (select 1 from clients k where k.client_id = d.client_id)
  group by 1, 2
  having sum(d.contacts) <> 0
  order by 2
  on conflict (client_id) do update set contacts = c.contacts + excluded.contacts;
end $$;

create function contacts_client_counts() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  if TG_OP = 'INSERT' then
    perform bump_client_contact_counts(array(
      select row(organisation_id, client_id, count(*))::client_contact_delta from new_rows group by organisation_id, client_id));
  elsif TG_OP = 'UPDATE' then
    -- Most updates (an edit, an unsubscribe) keep the owner: their deltas add up to nothing.
    perform bump_client_contact_counts(array(
      select row(organisation_id, client_id, sum(n))::client_contact_delta
      from (select organisation_id, client_id, 1 as n from new_rows
            union all
            select organisation_id, client_id, -1 from old_rows) delta
      group by organisation_id, client_id
      having sum(n) <> 0));
  else
    perform bump_client_contact_counts(array(
      select row(organisation_id, client_id, -count(*))::client_contact_delta from old_rows group by organisation_id, client_id));
  end if;
  return null;
end $$;

create trigger contacts_client_counts_insert after insert on contacts
  referencing new table as new_rows for each statement execute function contacts_client_counts();
create trigger contacts_client_counts_update after update on contacts
  referencing old table as old_rows new table as new_rows for each statement execute function contacts_client_counts();
create trigger contacts_client_counts_delete after delete on contacts
  referencing old table as old_rows for each statement execute function contacts_client_counts();

insert into client_contact_counts (organisation_id, client_id, contacts)
select organisation_id, client_id, count(*) from contacts group by 1, 2;

revoke all on client_contact_counts from presenca_app;
grant select on client_contact_counts to presenca_app;

alter table client_contact_counts enable row level security;
alter table client_contact_counts force row level security;
create policy client_contact_counts_access on client_contact_counts for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

-- 0008's view, with the contacts read from their counter (same columns, same meaning).
create or replace view dashboard_analytics with (security_invoker = true) as
select
  k.organisation_id,
  k.client_id,
  k.client_nom,
  coalesce((select n.contacts from client_contact_counts n where n.client_id = k.client_id), 0)::integer as total_contacts,
  (select count(*) from contact_organizations o where o.client_id = k.client_id)::integer    as total_organisations,
  (select count(*) from email_campaigns m
    where m.client_id = k.client_id and m.status in ('scheduled', 'sending', 'paused'))::integer as active_campaigns,
  (select count(*) from emails_sent e
    where e.client_id = k.client_id
      and e.sent_at >= (date_trunc('day', now() at time zone 'Europe/Paris') at time zone 'Europe/Paris'))::integer
                                                                                            as emails_sent_today
from clients k;
