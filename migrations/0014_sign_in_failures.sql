-- Failed sign-ins for addresses that have no account (issue 13). A real account locks after five
-- wrong passwords (Identity's AccessFailedCount / LockoutEnd); an unknown address must lock
-- exactly the same way, or "Ce compte est verrouillé" would tell who has an account. Kept in
-- PostgreSQL rather than in one process's memory so that every instance counts the same
-- attempts, as they do for real accounts.
--
-- The address is stored as a SHA-256 of its normalised form only: the table holds no tenant data
-- and says nothing readable about who tried what. A row follows the same rules as Identity's
-- columns: the count returns to 0 when a lockout starts, and is never forgotten otherwise (a real
-- account's count is not either).
create table sign_in_failures (
  address_hash bytea primary key check (octet_length(address_hash) = 32),
  failed_count integer not null default 0 check (failed_count >= 0),
  lockout_end  timestamptz,
  updated_at   timestamptz not null default now()
);

-- Deliberately without row-level security, like send_rate_limits: no organisation, no client, no
-- readable address, and it is used before anyone is signed in, so there is no caller a policy
-- could test. The app role may count and read attempts, never delete them to escape a lockout.
revoke all on sign_in_failures from presenca_app;
grant select, insert, update on sign_in_failures to presenca_app;
