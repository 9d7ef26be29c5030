-- 0021: a campaign's progress notification also says whether recipients are still being prepared,
-- so that a circuit watching the campaign can show its counters straight from the notification
-- (once it has checked the client is one its caller may see) instead of re-reading the row.
create or replace function campaign_progress_payload(c email_campaigns) returns text
  language sql stable set search_path = pg_catalog, public
as $$
  select json_build_object(
    'organisation_id', c.organisation_id, 'client_id', c.client_id, 'campaign_id', c.id, 'status', c.status,
    'total', c.total_recipients, 'pending', c.pending_count, 'sending', c.sending_count, 'sent', c.sent_count,
    'delivered', c.delivered_count, 'failed', c.failed_count, 'bounced', c.bounced_count,
    'opened', c.opened_count, 'clicked', c.clicked_count, 'to_prepare', c.recipients_to_prepare,
    'preparing', c.preparing)::text
$$;
