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
  unique (client_id, name_key),
  unique (client_id, id)
);
create index contact_organizations_org_name_idx on contact_organizations (organisation_id, name_key);

create table contacts (
  id                uuid primary key default gen_random_uuid(),
  organisation_id   uuid not null,
  client_id         uuid not null,
  email             text not null check (email <> '' and length(email) <= 254),
  -- Plain columns rather than expression indexes on lower(email): under row-level security only
  -- conditions made of leakproof operators reach an index, and lower() is not leakproof.
  email_lower       text generated always as (lower(email)) stored not null,
  email_domain      text generated always as (lower(split_part(email, '@', 2))) stored not null,
  organization_id   uuid,
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
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  -- a contact's company belongs to the contact's owner; removing the company keeps the contact
  foreign key (client_id, organization_id) references contact_organizations (client_id, id) on delete set null (organization_id)
);
-- One address per owner, whatever its case: the importer's duplicate check uses this index too.
create unique index contacts_client_email_key on contacts (client_id, email_lower);
-- Lists sorted by address or by date (either direction, read backwards for descending) across a
-- director's whole network, a page at a time. Sorting by company has no index of its own: one
-- more index on a million rows costs every import more than that rarer sort is worth.
create index contacts_organisation_email_idx on contacts (organisation_id, email_lower, id);
create index contacts_organisation_created_idx on contacts (organisation_id, created_at, id);
create index contacts_organization_idx on contacts (organization_id);
create index contacts_import_idx on contacts (import_id) where import_id is not null;
-- Searches by the start of the address (index above) or of its domain. Not trigram "contains"
-- indexes: under row-level security PostgreSQL will not use an index for ILIKE (not leakproof),
-- so such an index would only slow imports down.
create index contacts_organisation_domain_idx on contacts (organisation_id, email_domain);

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
