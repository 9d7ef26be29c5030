-- 0011: what 0008 built for Analytique's per-recipient scans and nothing reads since 0010's
-- counters: the email_activity view and its two covering indexes on emails_sent. The indexes
-- cost every recipient a campaign materialises (two more index entries per emails_sent row)
-- and every status change of the recipients they cover.
drop view email_activity;
drop index emails_sent_client_created_idx;
drop index emails_sent_organisation_created_idx;
