-- 0001: the tenant model (organisations, networks, agencies, clients), who-is-asking helpers,
-- audit columns and trail, and the row-level security every later table follows.
--
-- Applied by presenca_owner (owns every object, BYPASSRLS for maintenance). The application
-- connects as presenca_app: owns nothing, NOBYPASSRLS, so every policy below applies to it.
-- Both roles are created by scripts/create-roles.sql.

-- Objects created from here on are usable by the app role; functions are not, unless granted.
alter default privileges in schema public grant select, insert, update, delete on tables to presenca_app;
alter default privileges in schema public grant usage, select on sequences to presenca_app;
alter default privileges in schema public revoke execute on functions from public;
grant usage on schema public to presenca_app;
grant select on schema_migrations to presenca_app;

-- ---------------------------------------------------------------------------------------------
-- Who is asking. The data layer sets these per connection lease (CallerSession.cs); an unset or
-- empty value means "unknown", and every policy then shows nothing.
-- ---------------------------------------------------------------------------------------------
create function get_user_id() returns uuid
  language sql stable security definer set search_path = pg_catalog, public
  as $$ select nullif(current_setting('presenca.user_id', true), '')::uuid $$;

create function get_user_role() returns text
  language sql stable security definer set search_path = pg_catalog, public
  as $$ select nullif(current_setting('presenca.role', true), '') $$;

-- An organisation or client without a known user and role counts as unknown: a half-set
-- identity must not open anything.
create function get_user_organisation_id() returns uuid
  language sql stable security definer set search_path = pg_catalog, public
  as $$ select case when get_user_id() is not null and get_user_role() is not null
                    then nullif(current_setting('presenca.organisation_id', true), '')::uuid end $$;

create function get_user_client_id() returns uuid
  language sql stable security definer set search_path = pg_catalog, public
  as $$ select case when get_user_id() is not null and get_user_role() is not null
                    then nullif(current_setting('presenca.client_id', true), '')::uuid end $$;

create function is_admin_presenca() returns boolean
  language sql stable security definer set search_path = pg_catalog, public
  as $$ select coalesce(get_user_id() is not null and get_user_role() = 'admin_presenca', false) $$;

-- ---------------------------------------------------------------------------------------------
-- Tenant tables
-- ---------------------------------------------------------------------------------------------
create table organisations (
  organisation_id  uuid primary key default gen_random_uuid(),
  organisation_nom text not null check (btrim(organisation_nom) <> ''),
  created_at       timestamptz not null default now(),
  created_by       uuid,
  updated_at       timestamptz not null default now(),
  updated_by       uuid
);

-- One row per network or agency, written only by the triggers of the three tables below. Later
-- tables reference (organisation_id, client_id) and (client_id, client_type) so that the database
-- itself refuses an owner of another organisation or of another kind.
create table clients (
  client_id       uuid primary key,
  organisation_id uuid not null references organisations on delete cascade,
  client_type     text not null check (client_type in ('reseau', 'reseau_agence', 'agence_independante')),
  reseau_id       uuid,
  client_nom      text not null,
  unique (organisation_id, client_id),
  unique (client_id, client_type),
  foreign key (organisation_id, reseau_id) references clients (organisation_id, client_id) on delete cascade,
  check ((client_type = 'reseau' and reseau_id = client_id)
      or (client_type = 'reseau_agence' and reseau_id is not null and reseau_id <> client_id)
      or (client_type = 'agence_independante' and reseau_id is null))
);
create index clients_reseau_idx on clients (reseau_id);

create table reseaux (
  reseau_id       uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations on delete cascade,
  reseau_nom      text not null check (btrim(reseau_nom) <> ''),
  created_at      timestamptz not null default now(),
  created_by      uuid,
  updated_at      timestamptz not null default now(),
  updated_by      uuid,
  foreign key (organisation_id, reseau_id) references clients (organisation_id, client_id) on delete cascade
);

create table reseau_agence (
  reseau_agence_id uuid primary key default gen_random_uuid(),
  organisation_id  uuid not null references organisations on delete cascade,
  reseau_id        uuid not null,
  agence_nom       text not null check (btrim(agence_nom) <> ''),
  created_at       timestamptz not null default now(),
  created_by       uuid,
  updated_at       timestamptz not null default now(),
  updated_by       uuid,
  foreign key (organisation_id, reseau_agence_id) references clients (organisation_id, client_id) on delete cascade,
  -- an agency's network must be a network of the same organisation
  foreign key (organisation_id, reseau_id) references clients (organisation_id, client_id) on delete cascade
);
create index reseau_agence_reseau_idx on reseau_agence (reseau_id);

create table agence_independante (
  agence_independante_id uuid primary key default gen_random_uuid(),
  organisation_id        uuid not null references organisations on delete cascade,
  agence_nom             text not null check (btrim(agence_nom) <> ''),
  created_at             timestamptz not null default now(),
  created_by             uuid,
  updated_at             timestamptz not null default now(),
  updated_by             uuid,
  foreign key (organisation_id, agence_independante_id) references clients (organisation_id, client_id) on delete cascade
);

-- The clients row of a network or agency follows it: created with it (before the row, so the
-- foreign keys above hold), renamed with it, removed with it. Runs as the caller, so row-level security on clients applies here too.
create function sync_client_row() returns trigger
  language plpgsql set search_path = pg_catalog, public
as $$
declare
  kind    text := TG_ARGV[0];
  id_col  text := TG_ARGV[1];
  nom_col text := TG_ARGV[2];
  id      uuid;
  network uuid;
begin
  if TG_OP = 'DELETE' then
    delete from clients where client_id = (to_jsonb(OLD) ->> id_col)::uuid;
    return OLD;
  end if;
  id := (to_jsonb(NEW) ->> id_col)::uuid;
  if TG_OP = 'UPDATE' and (id <> (to_jsonb(OLD) ->> id_col)::uuid or NEW.organisation_id <> OLD.organisation_id) then
    raise exception 'Un réseau ou une agence ne change ni d''identifiant ni d''organisation.';
  end if;
  network := case kind when 'reseau' then id when 'reseau_agence' then (to_jsonb(NEW) ->> 'reseau_id')::uuid end;
  insert into clients (client_id, organisation_id, client_type, reseau_id, client_nom)
  values (id, NEW.organisation_id, kind, network, to_jsonb(NEW) ->> nom_col)
  on conflict (client_id) do update set reseau_id = excluded.reseau_id, client_nom = excluded.client_nom;
  return NEW;
end $$;

create trigger sync_client_row before insert or update on reseaux
  for each row execute function sync_client_row('reseau', 'reseau_id', 'reseau_nom');
create trigger sync_client_row before insert or update on reseau_agence
  for each row execute function sync_client_row('reseau_agence', 'reseau_agence_id', 'agence_nom');
create trigger sync_client_row before insert or update on agence_independante
  for each row execute function sync_client_row('agence_independante', 'agence_independante_id', 'agence_nom');
create trigger sync_client_row_delete after delete on reseaux
  for each row execute function sync_client_row('reseau', 'reseau_id', 'reseau_nom');
create trigger sync_client_row_delete after delete on reseau_agence
  for each row execute function sync_client_row('reseau_agence', 'reseau_agence_id', 'agence_nom');
create trigger sync_client_row_delete after delete on agence_independante
  for each row execute function sync_client_row('agence_independante', 'agence_independante_id', 'agence_nom');

-- ---------------------------------------------------------------------------------------------
-- Visibility helpers (SECURITY DEFINER: they read clients without the caller's policies, so a
-- policy on clients can use them without recursion).
-- ---------------------------------------------------------------------------------------------

-- Clients whose data the caller may see: the caller's own client, and for a director every
-- client of the network. Admins are handled by is_admin_presenca() in each policy.
create function visible_client_ids() returns uuid[]
  language sql stable security definer set search_path = pg_catalog, public
as $$
  select coalesce(array_agg(c.client_id), '{}')
  from clients c
  where c.organisation_id = get_user_organisation_id()
    and (c.client_id = get_user_client_id()
         or (get_user_role() = 'directeur_reseau' and c.reseau_id = get_user_client_id()))
$$;

-- The caller's network: its own client for a director, its agency's network for agency staff.
create function get_user_reseau_id() returns uuid
  language sql stable security definer set search_path = pg_catalog, public
as $$
  select c.reseau_id from clients c
  where c.client_id = get_user_client_id() and c.organisation_id = get_user_organisation_id()
$$;

grant execute on function get_user_id(), get_user_organisation_id(), get_user_client_id(), get_user_role(),
  is_admin_presenca(), visible_client_ids(), get_user_reseau_id() to presenca_app;

-- ---------------------------------------------------------------------------------------------
-- Audit: columns kept by triggers, and an append-only trail of who changed which fields (never
-- the values, so no secret can end up in it).
-- ---------------------------------------------------------------------------------------------

-- TG_ARGV[0]: the column prefix ('' here, 'brevo_' for brevo_connexion...).
create function set_created_audit_fields() returns trigger
  language plpgsql set search_path = pg_catalog, public
as $$
declare
  prefix text := coalesce(TG_ARGV[0], '');
begin
  NEW := jsonb_populate_record(NEW, jsonb_build_object(
    prefix || 'created_at', now(), prefix || 'created_by', get_user_id(),
    prefix || 'updated_at', now(), prefix || 'updated_by', get_user_id()));
  return NEW;
end $$;

create function update_audit_fields() returns trigger
  language plpgsql set search_path = pg_catalog, public
as $$
declare
  prefix text := coalesce(TG_ARGV[0], '');
begin
  -- created_* cannot be rewritten by an update
  NEW := jsonb_populate_record(NEW, jsonb_build_object(
    prefix || 'created_at', to_jsonb(OLD) -> (prefix || 'created_at'),
    prefix || 'created_by', to_jsonb(OLD) -> (prefix || 'created_by'),
    prefix || 'updated_at', now(), prefix || 'updated_by', get_user_id()));
  return NEW;
end $$;

create table audit_trail (
  audit_id        bigint generated always as identity primary key,
  organisation_id uuid,
  client_id       uuid,
  table_name      text not null,
  row_id          text not null,
  action          text not null check (action in ('insert', 'update', 'delete')),
  changed_fields  text[] not null default '{}',
  changed_by      uuid,
  changed_at      timestamptz not null default now()
);
create index audit_trail_organisation_idx on audit_trail (organisation_id, changed_at desc);

-- TG_ARGV[0]: primary key column; TG_ARGV[1]: the column naming the row's client (or '');
-- TG_ARGV[2]: the audit column prefix. SECURITY DEFINER: the app role may not write the trail.
create function record_audit_trail() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  old_row jsonb := case when TG_OP <> 'INSERT' then to_jsonb(OLD) end;
  new_row jsonb := case when TG_OP <> 'DELETE' then to_jsonb(NEW) end;
  any_row jsonb := coalesce(new_row, old_row);
  prefix  text := coalesce(TG_ARGV[2], '');
  fields  text[];
begin
  select coalesce(array_agg(key order by key), '{}') into fields
  from jsonb_object_keys(any_row) as key
  where key not in (prefix || 'created_at', prefix || 'created_by', prefix || 'updated_at', prefix || 'updated_by')
    and (TG_OP = 'DELETE'
         or (TG_OP = 'INSERT' and new_row -> key <> 'null'::jsonb)
         or (TG_OP = 'UPDATE' and (old_row -> key) is distinct from (new_row -> key)));
  if TG_OP = 'UPDATE' and cardinality(fields) = 0 then
    return NEW;
  end if;
  insert into audit_trail (organisation_id, client_id, table_name, row_id, action, changed_fields, changed_by)
  values ((any_row ->> 'organisation_id')::uuid,
          case when coalesce(TG_ARGV[1], '') <> '' then (any_row ->> TG_ARGV[1])::uuid end,
          TG_TABLE_NAME, any_row ->> TG_ARGV[0], lower(TG_OP),
          case when TG_OP = 'DELETE' then '{}' else fields end, get_user_id());
  return coalesce(NEW, OLD);
end $$;

create function refuse_audit_trail_change() returns trigger
  language plpgsql as $$ begin raise exception 'Le journal d''audit ne se modifie pas.'; end $$;
create trigger audit_trail_append_only before update or delete on audit_trail
  for each row execute function refuse_audit_trail_change();
revoke insert, update, delete, truncate on audit_trail from presenca_app;

create trigger set_created_audit_fields before insert on organisations for each row execute function set_created_audit_fields('');
create trigger update_audit_fields before update on organisations for each row execute function update_audit_fields('');
create trigger set_created_audit_fields before insert on reseaux for each row execute function set_created_audit_fields('');
create trigger update_audit_fields before update on reseaux for each row execute function update_audit_fields('');
create trigger set_created_audit_fields before insert on reseau_agence for each row execute function set_created_audit_fields('');
create trigger update_audit_fields before update on reseau_agence for each row execute function update_audit_fields('');
create trigger set_created_audit_fields before insert on agence_independante for each row execute function set_created_audit_fields('');
create trigger update_audit_fields before update on agence_independante for each row execute function update_audit_fields('');

create trigger record_audit_trail after insert or update or delete on organisations
  for each row execute function record_audit_trail('organisation_id', '', '');
create trigger record_audit_trail after insert or update or delete on reseaux
  for each row execute function record_audit_trail('reseau_id', 'reseau_id', '');
create trigger record_audit_trail after insert or update or delete on reseau_agence
  for each row execute function record_audit_trail('reseau_agence_id', 'reseau_agence_id', '');
create trigger record_audit_trail after insert or update or delete on agence_independante
  for each row execute function record_audit_trail('agence_independante_id', 'agence_independante_id', '');

-- ---------------------------------------------------------------------------------------------
-- Row-level security. FORCE: even the owner is subject to it unless it has BYPASSRLS.
-- `(select f())` makes PostgreSQL evaluate the helper once per query, not once per row.
-- ---------------------------------------------------------------------------------------------
alter table organisations enable row level security;
alter table organisations force row level security;
create policy organisations_read on organisations for select
  using ((select is_admin_presenca()) or organisation_id = (select get_user_organisation_id()));
create policy organisations_admin_write on organisations for all
  using ((select is_admin_presenca())) with check ((select is_admin_presenca()));

alter table clients enable row level security;
alter table clients force row level security;
create policy clients_read on clients for select
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id())
        and (client_id = any ((select visible_client_ids())::uuid[]) or client_id = (select get_user_reseau_id()))));
-- a director writes the clients rows of the network's agencies (through the triggers above)
create policy clients_write on clients for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
        and reseau_id = (select get_user_client_id())))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
        and reseau_id = (select get_user_client_id())));

alter table reseaux enable row level security;
alter table reseaux force row level security;
create policy reseaux_read on reseaux for select
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and reseau_id = (select get_user_reseau_id())));
create policy reseaux_write on reseaux for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
        and reseau_id = (select get_user_client_id())))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
        and reseau_id = (select get_user_client_id())));

alter table reseau_agence enable row level security;
alter table reseau_agence force row level security;
create policy reseau_agence_read on reseau_agence for select
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and reseau_agence_id = any ((select visible_client_ids())::uuid[])));
create policy reseau_agence_write on reseau_agence for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
        and reseau_id = (select get_user_client_id())))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
        and reseau_id = (select get_user_client_id())));

alter table agence_independante enable row level security;
alter table agence_independante force row level security;
create policy agence_independante_read on agence_independante for select
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and agence_independante_id = any ((select visible_client_ids())::uuid[])));
create policy agence_independante_admin_write on agence_independante for all
  using ((select is_admin_presenca())) with check ((select is_admin_presenca()));

alter table audit_trail enable row level security;
alter table audit_trail force row level security;
-- admins and directors read the trail; agency staff do not
create policy audit_trail_read on audit_trail for select
  using ((select is_admin_presenca())
    or ((select get_user_role()) = 'directeur_reseau' and organisation_id = (select get_user_organisation_id())
        and client_id = any ((select visible_client_ids())::uuid[])));
