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
