-- Run as a superuser (scripts/postgres.sh, and the test harness). Idempotent.
-- presenca_owner applies migrations and owns the schema; BYPASSRLS because maintenance
-- (migrations, restores) must see every tenant. presenca_app is what the application uses:
-- it owns nothing and can never bypass row-level security.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'presenca_owner') then
    create role presenca_owner login bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'presenca_app') then
    create role presenca_app login nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
end $$;
alter role presenca_owner with login bypassrls password :'owner_password';
alter role presenca_app with login nosuperuser nobypassrls nocreatedb nocreaterole noinherit password :'app_password';
