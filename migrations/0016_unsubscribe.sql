-- 0016: recipients unsubscribe themselves (issue 15). A contact remembers from which campaign it
-- unsubscribed; the recipient's emails_sent row records the unsubscribe as an event (a timestamp,
-- like opened_at), and each campaign counts its unsubscribes, kept by a statement trigger like
-- 0006's counters, so Analytique and Aperçu read a counter rather than the recipients.

-- Set together with desinscrit/desinscrit_at by the public unsubscribe page (and by Brevo's
-- unsubscribe events); null when staff ticked it or when the campaign was deleted since.
alter table contacts add column desinscrit_campaign_id uuid references email_campaigns (id) on delete set null;

-- The first unsubscribe from this email wins; "Je me suis trompé" clears it again.
alter table emails_sent add column unsubscribed_at timestamptz;

alter table email_campaigns add column unsubscribed_count integer not null default 0;

-- +1 for each row whose unsubscribed_at became set, -1 for each whose it was cleared. Campaigns
-- are updated in id order, so two transactions never lock them in opposite orders. Counter
-- updates stay out of the audit trail (0006's triggers on email_campaigns ignore counters).
create function emails_sent_unsubscribed_count() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
begin
  update email_campaigns c set unsubscribed_count = c.unsubscribed_count + d.n
  from (select campaign_id, sum(n)::integer as n
        from (select campaign_id, 1 as n from new_rows where unsubscribed_at is not null
              union all
              select campaign_id, -1 from old_rows where unsubscribed_at is not null) delta
        group by campaign_id
        having sum(n) <> 0
        order by campaign_id) d
  where c.id = d.campaign_id;
  return null;
end $$;

create trigger emails_sent_unsubscribed_count after update on emails_sent
  referencing old table as old_rows new table as new_rows for each statement execute function emails_sent_unsubscribed_count();

-- 0008's view with two more columns at the end: the campaign's unsubscribes and their rate over
-- the emails that left the queue, like every other rate.
create or replace view campaign_analytics with (security_invoker = true) as
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
        / nullif(c.total_recipients - c.pending_count - c.sending_count, 0), 1) as delivery_rate,
  c.unsubscribed_count,
  round(100.0 * c.unsubscribed_count
        / nullif(c.total_recipients - c.pending_count - c.sending_count, 0), 1) as unsubscribe_rate
from email_campaigns c
join clients k on k.client_id = c.client_id;

revoke all on campaign_analytics from presenca_app;
grant select on campaign_analytics to presenca_app;
