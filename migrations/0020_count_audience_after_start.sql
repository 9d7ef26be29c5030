-- 0020: "Envoyer maintenant" no longer counts the audience (issue 12 §4: the first batch leaves
-- within a second at 1,000,000 recipients; the count alone took 1.6 s inside the start). The start
-- fixes the audience (audience_cutoff) and flips the status; a worker counts it beside the first
-- chunks, and the pages say "décompte en cours" until then.

-- recipients_to_prepare null: the audience is fixed but not counted yet (the start sets it so).
-- recipients_prepared: contacts the chunks took so far, so that a count taken while chunks commit
-- can be brought up to date (it counts the contacts after prepared_through as of its snapshot).
alter table email_campaigns
  alter column recipients_to_prepare drop not null,
  add column recipients_prepared integer not null default 0 check (recipients_prepared >= 0);

-- Marking a batch's 1,000 recipients "sending" changes only status and updated_at, which no index
-- holds: with room left on the page it is a HOT update (no index entry), but rows are inserted into
-- full pages, so each was a new version in every one of the table's seven indexes. Measured on one
-- batch of 1,000 (durable settings): 7,130 WAL records and 707 kB at fillfactor 100; 1,000 records
-- and 116 kB, all HOT, at 50 (60: 69 % HOT). Delivery events (status, delivered_at) gain the same
-- way. New pages only: existing ones are left as they are.
alter table emails_sent set (fillfactor = 50);
