-- 0022: Aperçu's "E-mails envoyés aujourd'hui" reads a counter per client and Paris day of
-- sent_at, kept by a statement trigger on emails_sent like 0008's email_daily_counts. The view
-- counted today's rows of emails_sent instead: after a 100,000-recipient send, every Aperçu
-- request (and every live refresh of every open Aperçu) read 100,000 index entries, most of them
-- on pages the delivery events keep rewriting, so not index-only.
create table email_daily_sent_counts (
  organisation_id uuid not null,
  client_id       uuid not null,
  -- the Paris day of emails_sent.sent_at
  day             date not null,
  emails          integer not null default 0,
  primary key (client_id, day),
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);

-- One function for the three statements; rows are upserted in key order, so two transactions
-- touching the same days never lock in opposite orders.
create function emails_sent_sent_day_count() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  if tg_op = 'INSERT' then
    insert into email_daily_sent_counts as d (organisation_id, client_id, day, emails)
    select organisation_id, client_id, (sent_at at time zone 'Europe/Paris')::date, count(*)
    from new_rows where sent_at is not null group by 1, 2, 3 order by 2, 3
    on conflict (client_id, day) do update set emails = d.emails + excluded.emails;
  elsif tg_op = 'UPDATE' then
    insert into email_daily_sent_counts as d (organisation_id, client_id, day, emails)
    select o, c, day, sum(n)
    from (select organisation_id o, client_id c, (sent_at at time zone 'Europe/Paris')::date as day, 1 n from new_rows where sent_at is not null
          union all
          select organisation_id, client_id, (sent_at at time zone 'Europe/Paris')::date, -1 from old_rows where sent_at is not null) delta
    group by 1, 2, 3 having sum(n) <> 0 order by 2, 3
    on conflict (client_id, day) do update set emails = d.emails + excluded.emails;
  else
    -- An update, not an upsert: when a whole client goes, its counts are already gone with it.
    update email_daily_sent_counts d set emails = d.emails - g.n
    from (select client_id, (sent_at at time zone 'Europe/Paris')::date as day, count(*)::integer as n
          from old_rows where sent_at is not null group by 1, 2 order by 1, 2) g
    where d.client_id = g.client_id and d.day = g.day;
  end if;
  return null;
end $$;

create trigger emails_sent_sent_day_insert after insert on emails_sent
  referencing new table as new_rows for each statement execute function emails_sent_sent_day_count();
-- Every update (PostgreSQL allows no column list with transition tables): the delivery events'
-- updates leave sent_at alone, their rows cancel out in the sum and nothing is written.
create trigger emails_sent_sent_day_update after update on emails_sent
  referencing old table as old_rows new table as new_rows for each statement execute function emails_sent_sent_day_count();
create trigger emails_sent_sent_day_delete after delete on emails_sent
  referencing old table as old_rows for each statement execute function emails_sent_sent_day_count();

insert into email_daily_sent_counts (organisation_id, client_id, day, emails)
select organisation_id, client_id, (sent_at at time zone 'Europe/Paris')::date, count(*)
from emails_sent where sent_at is not null group by 1, 2, 3;

-- Written by the trigger only: the app reads.
revoke all on email_daily_sent_counts from presenca_app;
grant select on email_daily_sent_counts to presenca_app;

alter table email_daily_sent_counts enable row level security;
alter table email_daily_sent_counts force row level security;
create policy email_daily_sent_counts_access on email_daily_sent_counts for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

-- 0010's view, with today's emails read from their counter (same columns, same meaning).
create or replace view dashboard_analytics with (security_invoker = true) as
select
  k.organisation_id,
  k.client_id,
  k.client_nom,
  coalesce((select n.contacts from client_contact_counts n where n.client_id = k.client_id), 0)::integer as total_contacts,
  (select count(*) from contact_organizations o where o.client_id = k.client_id)::integer    as total_organisations,
  (select count(*) from email_campaigns m
    where m.client_id = k.client_id and m.status in ('scheduled', 'sending', 'paused'))::integer as active_campaigns,
  coalesce((select s.emails from email_daily_sent_counts s
    where s.client_id = k.client_id and s.day = (now() at time zone 'Europe/Paris')::date), 0)::integer
                                                                                            as emails_sent_today
from clients k;
