-- 0005: contacts (seed 004), their companies and the record of every Excel/CSV import.
--
-- The seed calls the companies `organizations`; here they are `contact_organizations` so that
-- nobody confuses them with the tenant `organisations`. Contacts belong to the client (network or
-- agency) that imported them: agency staff see their agency's, a director the whole network's.
--
-- Sized for a million contacts per tenant: imports write with COPY + set-based SQL, so the hot
-- tables fill created_* with column defaults (the importer passes them once per statement)
-- rather than per-row plpgsql triggers, and the audit trail records updates and deletes (an
-- insert is recorded by its contact_imports row).

create extension if not exists pg_trgm;

create table contact_imports (
  id                     uuid primary key default gen_random_uuid(),
  organisation_id        uuid not null,
  client_id              uuid not null,
  user_id                uuid,
  file_name              text not null,
  file_size              bigint not null check (file_size >= 0),
  status                 text not null default 'en_attente'
                           check (status in ('en_attente', 'en_cours', 'terminee', 'echouee')),
  processed_rows         integer not null default 0,
  progress_percent       integer not null default 0 check (progress_percent between 0 and 100),
  total_rows             integer not null default 0,
  created_count          integer not null default 0,
  organizations_created  integer not null default 0,
  duplicate_in_file      integer not null default 0,
  duplicate_existing     integer not null default 0,
  invalid_count          integer not null default 0,
  error_message          text,
  started_at             timestamptz,
  finished_at            timestamptz,
  created_at             timestamptz not null default now(),
  created_by             uuid,
  updated_at             timestamptz not null default now(),
  updated_by             uuid,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);
create index contact_imports_client_idx on contact_imports (client_id, created_at desc);

create table contact_organizations (
  id              uuid primary key default gen_random_uuid(),
  organisation_id uuid not null,
  client_id       uuid not null,
  name            text not null check (btrim(name) <> ''),
  -- trimmed, lower-cased, accents removed (ContactText.OrganizationKey): "Société Générale " and
  -- "societe generale" are one company, spelled as it was first seen.
  name_key        text not null check (name_key <> ''),
  created_at      timestamptz not null default now(),
  created_by      uuid default get_user_id(),
  updated_at      timestamptz not null default now(),
  updated_by      uuid default get_user_id(),
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  unique (client_id, name_key)
);
create index contact_organizations_org_name_idx on contact_organizations (organisation_id, name_key);
create index contact_organizations_name_trgm_idx on contact_organizations using gin (name gin_trgm_ops) with (gin_pending_list_limit = 16384);

create table contacts (
  id                uuid primary key default gen_random_uuid(),
  organisation_id   uuid not null,
  client_id         uuid not null,
  email             text not null check (email <> '' and length(email) <= 254),
  organization_id   uuid references contact_organizations on delete set null,
  organization_name text,
  desinscrit        boolean not null default false,
  desinscrit_at     timestamptz,
  -- set by the sending side when Brevo reports a hard bounce; sends skip such contacts
  hard_bounced      boolean not null default false,
  -- the import that created it (its report lists these). No foreign key on purpose: an import
  -- adds up to hundreds of thousands of rows and a per-row key check is a large share of that
  -- cost; imports are never deleted on their own (only with their client, with these contacts).
  import_id         uuid,
  created_at        timestamptz not null default now(),
  created_by        uuid default get_user_id(),
  updated_at        timestamptz not null default now(),
  updated_by        uuid default get_user_id(),
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade
);
-- One address per owner, whatever its case: the importer's duplicate check uses this index too.
create unique index contacts_client_email_key on contacts (client_id, lower(email));
-- Lists sorted by address or by date across a director's whole network, a page at a time.
create index contacts_organisation_email_idx on contacts (organisation_id, lower(email), id);
create index contacts_organisation_created_idx on contacts (organisation_id, created_at desc, id);
create index contacts_organization_idx on contacts (organization_id);
create index contacts_import_idx on contacts (import_id) where import_id is not null;
-- "Contains" search on the address. A large pending list lets an import append its entries
-- cheaply; autovacuum merges them later (searches read the pending list meanwhile).
create index contacts_email_trgm_idx on contacts using gin (email gin_trgm_ops) with (gin_pending_list_limit = 65536);

-- What an import did not create, row by row, for its report (created rows are the contacts
-- carrying its import_id).
create table contact_import_issues (
  import_id         uuid not null references contact_imports on delete cascade,
  row_number        integer not null,
  organisation_id   uuid not null,
  client_id         uuid not null,
  kind              text not null check (kind in ('invalide', 'doublon_fichier', 'doublon_existant')),
  email             text not null,
  organization_name text,
  reason            text not null,
  primary key (import_id, row_number)
);

create trigger set_created_audit_fields before insert on contact_imports for each row execute function set_created_audit_fields('');
create trigger update_audit_fields before update on contact_imports for each row execute function update_audit_fields('');
create trigger update_audit_fields before update on contact_organizations for each row execute function update_audit_fields('');
create trigger update_audit_fields before update on contacts for each row execute function update_audit_fields('');

create trigger record_audit_trail after update or delete on contacts
  for each row execute function record_audit_trail('id', 'client_id', '');
create trigger record_audit_trail after update or delete on contact_organizations
  for each row execute function record_audit_trail('id', 'client_id', '');
create trigger record_audit_trail after insert on contact_imports
  for each row execute function record_audit_trail('id', 'client_id', '');

-- ---------------------------------------------------------------------------------------------
-- Row-level security: a row is visible and writable by its client and, through
-- visible_client_ids(), by the director of that client's network; admins see everything.
-- ---------------------------------------------------------------------------------------------
alter table contact_imports enable row level security;
alter table contact_imports force row level security;
create policy contact_imports_access on contact_imports for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

alter table contact_organizations enable row level security;
alter table contact_organizations force row level security;
create policy contact_organizations_access on contact_organizations for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

alter table contacts enable row level security;
alter table contacts force row level security;
create policy contacts_access on contacts for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

alter table contact_import_issues enable row level security;
alter table contact_import_issues force row level security;
create policy contact_import_issues_access on contact_import_issues for all
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
  with check ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));
