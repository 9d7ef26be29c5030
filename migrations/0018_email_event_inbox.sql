-- 0018: delivery events go through a durable inbox (issue 12 §6). A webhook call (up to 500
-- events when Brevo batches them) or a sandbox batch is appended with one multi-row insert and
-- answered at once; workers of every process apply the inbox a chunk at a time with one set-based
-- UPDATE of emails_sent, so the counters' statement triggers run once per chunk, not per event.
-- An event that matches no recipient yet (its message id not recorded yet) stays and is retried.

-- Row-level security with an admin-only policy, not a tenant policy: an event's tenant is unknown
-- until it has been matched to a recipient, so the rows carry no client. Only the system caller
-- (the webhook endpoint and the workers, PipelineCaller) and Presenca admins see them; no agency
-- or network user can read another's recipients' addresses here.
create table email_event_inbox (
  id              bigint generated always as identity primary key,
  received_at     timestamptz not null default now(),
  -- the connexion a webhook call authenticated with; null: the sandbox
  connexion_id    uuid,
  sandbox         boolean not null,
  event           text not null,
  -- the recipient's address in Unicode (Brevo reports an internationalised domain in punycode)
  email           text not null,
  message_id      text not null,
  -- from X-Mailin-custom: the campaign that sent it, when Presenca did
  campaign_id     uuid,
  occurred_at     timestamptz not null,
  reason          text,
  -- what the event does (EmailEventRules, decided once in C# when it is appended)
  proposed_status text check (proposed_status in ('sent', 'delivered', 'failed', 'bounced')),
  engagement      text not null check (engagement in ('none', 'opened', 'clicked')),
  keeps_reason    boolean not null,
  contact_effect  text not null check (contact_effect in ('none', 'hard_bounce', 'unsubscribe')),
  -- looks that found no recipient; the next look is not before next_attempt_at
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  -- matched nothing after the last attempt (an email Presenca did not send): kept for a while, not applied
  gave_up_at      timestamptz,
  check (sandbox = (connexion_id is null))
);
create index email_event_inbox_due_idx on email_event_inbox (next_attempt_at, id) where gave_up_at is null;

alter table email_event_inbox enable row level security;
alter table email_event_inbox force row level security;
create policy email_event_inbox_access on email_event_inbox for all
  using ((select is_admin_presenca())) with check ((select is_admin_presenca()));

-- The status a recipient ends in after several events arrive together, applied in their order
-- with email_status_advance, and the reason kept: an event's reason replaces the row's while the
-- row is not final yet (the same rule as applying the events one statement each).
create function email_events_fold(current_status text, current_reason text, proposals text[], reasons text[],
                                  out status text, out failure_reason text)
  language plpgsql immutable set search_path = pg_catalog, public
as $$
begin
  status := current_status;
  failure_reason := current_reason;
  for i in 1 .. coalesce(array_length(proposals, 1), 0) loop
    if reasons[i] is not null and status not in ('failed', 'bounced') then
      failure_reason := reasons[i];
    end if;
    status := email_status_advance(status, proposals[i]);
  end loop;
end $$;

-- The recipients a chunk's events are about, one per event (null: none yet): by (campaign from
-- X-Mailin-custom, address), else by Brevo's message id, within the campaigns of the connexion a
-- webhook authenticated with (null: the sandbox). Security definer because row-level security
-- kept this lookup off its index: the case-insensitive lower(recipient_email) = lower(...) is not
-- leakproof, so under the policy PostgreSQL scanned every recipient of the campaign for each event
-- (about 25 events/s at 100,000 recipients, issue 12). It answers only a caller who sees every
-- tenant anyway (the system caller of the webhook and the workers, or an admin), so it reveals
-- nothing a policy would hide.
create function email_event_recipients(p_campaigns uuid[], p_emails text[], p_message_ids text[], p_connexions uuid[])
  returns table (n bigint, email_id uuid)
  language sql stable security definer set search_path = pg_catalog, public
as $$
  select u.n, coalesce(
    (select e.id from emails_sent e
     where u.campaign is not null and e.campaign_id = u.campaign and lower(e.recipient_email) = lower(u.email)
       and (u.connexion is null
            or exists (select 1 from email_campaigns k where k.id = e.campaign_id and k.brevo_connexion_id = u.connexion))
     limit 1),
    (select e.id from emails_sent e
     where e.brevo_message_id = u.message_id and lower(e.recipient_email) = lower(u.email)
       and (u.connexion is null
            or exists (select 1 from email_campaigns k where k.id = e.campaign_id and k.brevo_connexion_id = u.connexion))
     limit 1))
  from unnest(p_campaigns, p_emails, p_message_ids, p_connexions) with ordinality as u(campaign, email, message_id, connexion, n)
  where (select is_admin_presenca())
$$;

grant execute on function email_events_fold(text, text, text[], text[]),
  email_event_recipients(uuid[], text[], text[], uuid[]) to presenca_app;
