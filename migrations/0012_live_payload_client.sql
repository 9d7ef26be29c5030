-- 0012: a campaign's progress notification names the client that owns the campaign, so that each
-- circuit can check, before anything else, that the notification is one its caller may see. Until
-- now it named only the organisation, and two agencies of one organisation heard each other.
create or replace function campaign_progress_payload(c email_campaigns) returns text
  language sql stable set search_path = pg_catalog, public
as $$
  select json_build_object(
    'organisation_id', c.organisation_id, 'client_id', c.client_id, 'campaign_id', c.id, 'status', c.status,
    'total', c.total_recipients, 'pending', c.pending_count, 'sending', c.sending_count, 'sent', c.sent_count,
    'delivered', c.delivered_count, 'failed', c.failed_count, 'bounced', c.bounced_count,
    'opened', c.opened_count, 'clicked', c.clicked_count)::text
$$;
