-- 0004: the API connexions of networks and agencies (seeds 000-003): Brevo, Zoho, OpenAI,
-- Instagram; their quotas; and the Data Protection key ring that encrypts their secrets.
--
-- Each table keeps the seeds' names, prefixes and defaults. API fields are nullable (seed 001:
-- not every client uses every integration). Secret columns hold Data Protection ciphertext only
-- (a check refuses anything else). Two composite foreign keys to clients replace the seeds'
-- "FK dynamique": the database refuses a connexion whose client is of another type or of another
-- organisation. One connexion per client and integration, so "the agency's own" is unambiguous.
-- <prefix>partage_agences: the network lets its agencies use this connexion.

-- Data Protection payloads are base64url text starting with "CfDJ8" (their magic header).
create function is_protected_secret(value text) returns boolean
  language sql immutable set search_path = pg_catalog
  as $$ select value is null or (value like 'CfDJ8%' and length(value) > 40) $$;

create table brevo_connexion (
  brevo_connexion_id       uuid primary key default gen_random_uuid(),
  organisation_id          uuid not null references organisations on delete cascade,
  client_type              text not null default 'reseau',
  client_id                uuid not null unique,
  brevo_api_key            text check (is_protected_secret(brevo_api_key)),
  brevo_actif              boolean not null default true,
  brevo_date_activation    timestamptz not null default now(),
  brevo_last_synchro       timestamptz,
  brevo_commentaire        text,
  brevo_nom_compte         text,
  brevo_email_compte       text,
  brevo_plan               text,
  brevo_credits            numeric(14, 2),
  brevo_statut_connexion   text not null default 'active',
  brevo_derniere_erreur    text,
  brevo_limite_quotidienne integer check (brevo_limite_quotidienne between 0 and 10000000),
  brevo_usage_quotidien    integer default 0 check (brevo_usage_quotidien >= 0),
  brevo_reset_quota_at     timestamptz,
  brevo_partage_agences    boolean not null default false,
  brevo_created_at         timestamptz not null default now(),
  brevo_created_by         uuid,
  brevo_updated_at         timestamptz not null default now(),
  brevo_updated_by         uuid,
  brevo_audit_log          jsonb default '{}',
  brevo_ia_extensions      jsonb default '{}',
  foreign key (client_id, client_type) references clients (client_id, client_type) on delete cascade,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  check (brevo_statut_connexion in ('active', 'non_testee', 'cle_invalide', 'limite_atteinte', 'erreur')),
  check (not brevo_partage_agences or client_type = 'reseau')
);

create table zoho_connexion (
  zoho_connexion_id       uuid primary key default gen_random_uuid(),
  organisation_id         uuid not null references organisations on delete cascade,
  client_type             text not null default 'reseau',
  client_id               uuid not null unique,
  zoho_api_key            text check (is_protected_secret(zoho_api_key)),
  zoho_email_compte       text,
  zoho_nom_compte         text,
  zoho_actif              boolean not null default true,
  zoho_date_activation    timestamptz not null default now(),
  zoho_derniere_synchro   timestamptz,
  zoho_statut_connexion   text not null default 'active',
  zoho_derniere_erreur    text,
  zoho_limite_quotidienne integer check (zoho_limite_quotidienne between 0 and 10000000),
  zoho_usage_quotidien    integer default 0 check (zoho_usage_quotidien >= 0),
  zoho_reset_quota_at     timestamptz,
  zoho_partage_agences    boolean not null default false,
  zoho_created_at         timestamptz not null default now(),
  zoho_created_by         uuid,
  zoho_updated_at         timestamptz not null default now(),
  zoho_updated_by         uuid,
  zoho_audit_log          jsonb default '{}',
  zoho_ia_extensions      jsonb default '{}',
  foreign key (client_id, client_type) references clients (client_id, client_type) on delete cascade,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  check (zoho_statut_connexion in ('active', 'non_testee', 'cle_invalide', 'limite_atteinte', 'erreur')),
  check (not zoho_partage_agences or client_type = 'reseau')
);

create table openai_connexion (
  openai_connexion_id       uuid primary key default gen_random_uuid(),
  organisation_id           uuid not null references organisations on delete cascade,
  client_type               text not null default 'reseau',
  client_id                 uuid not null unique,
  openai_api_key            text check (is_protected_secret(openai_api_key)),
  openai_email_compte       text,
  openai_organisation_id    text,
  openai_project_id         text,
  openai_actif              boolean not null default true,
  openai_date_activation    timestamptz not null default now(),
  openai_derniere_synchro   timestamptz,
  openai_statut_connexion   text not null default 'active',
  openai_derniere_erreur    text,
  openai_limite_quotidienne integer check (openai_limite_quotidienne between 0 and 10000000),
  openai_usage_quotidien    integer default 0 check (openai_usage_quotidien >= 0),
  openai_reset_quota_at     timestamptz,
  openai_modeles_autorises  text[] default '{gpt-3.5-turbo,gpt-4}',
  openai_cout_actuel_mois   numeric(14, 4) default 0.0000 check (openai_cout_actuel_mois >= 0),
  openai_limite_cout_mois   numeric(14, 4) check (openai_limite_cout_mois between 0 and 1000000),
  -- the first day (Europe/Paris) of the month openai_cout_actuel_mois counts
  openai_mois_cout          date,
  openai_partage_agences    boolean not null default false,
  openai_created_at         timestamptz not null default now(),
  openai_created_by         uuid,
  openai_updated_at         timestamptz not null default now(),
  openai_updated_by         uuid,
  openai_audit_log          jsonb default '{}',
  openai_ia_extensions      jsonb default '{}',
  foreign key (client_id, client_type) references clients (client_id, client_type) on delete cascade,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  check (openai_statut_connexion in ('active', 'non_testee', 'cle_invalide', 'limite_atteinte', 'erreur')),
  check (not openai_partage_agences or client_type = 'reseau')
);

create table instagram_connexion (
  instagram_connexion_id        uuid primary key default gen_random_uuid(),
  organisation_id               uuid not null references organisations on delete cascade,
  client_type                   text not null default 'reseau',
  client_id                     uuid not null unique,
  instagram_connexion_key       text check (is_protected_secret(instagram_connexion_key)),
  instagram_email_compte        text,
  instagram_access_token        text check (is_protected_secret(instagram_access_token)),
  instagram_token_expire_at     timestamptz,
  instagram_actif               boolean not null default true,
  instagram_date_activation     timestamptz not null default now(),
  instagram_derniere_synchro    timestamptz,
  instagram_statut_connexion    text not null default 'active',
  instagram_derniere_erreur     text,
  instagram_limite_quotidienne  integer check (instagram_limite_quotidienne between 0 and 10000000),
  instagram_usage_quotidien     integer default 0 check (instagram_usage_quotidien >= 0),
  instagram_reset_quota_at      timestamptz,
  instagram_business_account_id text,
  instagram_page_id             text,
  instagram_permissions         text[] default '{instagram_basic,pages_read_engagement,instagram_manage_insights}',
  instagram_type_compte         text,
  instagram_partage_agences     boolean not null default false,
  instagram_created_at          timestamptz not null default now(),
  instagram_created_by          uuid,
  instagram_updated_at          timestamptz not null default now(),
  instagram_updated_by          uuid,
  instagram_audit_log           jsonb default '{}',
  instagram_ia_extensions       jsonb default '{}',
  foreign key (client_id, client_type) references clients (client_id, client_type) on delete cascade,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  check (instagram_statut_connexion in ('active', 'non_testee', 'cle_invalide', 'limite_atteinte', 'erreur')),
  check (not instagram_partage_agences or client_type = 'reseau')
);

-- Triggers and policies are the same for the four tables, up to the prefix.
do $$
declare
  integration text;
  tbl text;
  prefix text;
begin
  foreach integration in array array['brevo', 'zoho', 'openai', 'instagram'] loop
    tbl := integration || '_connexion';
    prefix := integration || '_';
    execute format('create index %I on %I (organisation_id, client_id)', tbl || '_tenant_idx', tbl);
    execute format('create trigger set_created_audit_fields before insert on %I for each row execute function set_created_audit_fields(%L)', tbl, prefix);
    execute format('create trigger update_audit_fields before update on %I for each row execute function update_audit_fields(%L)', tbl, prefix);
    -- Counting usage is not a change of configuration: it stays out of the audit trail.
    execute format($f$
      create trigger record_audit_trail after insert or delete on %1$I
        for each row execute function record_audit_trail(%2$L, 'client_id', %3$L)$f$, tbl, tbl || '_id', prefix);
    execute format($f$
      create trigger record_audit_trail_update after update on %1$I
        for each row
        when ((to_jsonb(old) - array[%2$L, %3$L, %4$L, %5$L, %6$L, %7$L]) is distinct from (to_jsonb(new) - array[%2$L, %3$L, %4$L, %5$L, %6$L, %7$L]))
        execute function record_audit_trail(%8$L, 'client_id', %9$L)$f$,
      tbl, prefix || 'usage_quotidien', prefix || 'reset_quota_at', prefix || 'updated_at', prefix || 'updated_by',
      case integration when 'openai' then 'openai_cout_actuel_mois' else prefix || 'usage_quotidien' end,
      case integration when 'openai' then 'openai_mois_cout' else prefix || 'reset_quota_at' end,
      tbl || '_id', prefix);

    execute format('alter table %I enable row level security', tbl);
    execute format('alter table %I force row level security', tbl);
    -- Read: the caller's clients, plus the caller's network's connexion when the network shares it.
    execute format($f$
      create policy %1$I on %2$I for select
        using ((select is_admin_presenca())
          or (organisation_id = (select get_user_organisation_id())
              and (client_id = any ((select visible_client_ids())::uuid[])
                   or (%3$I and client_id = (select get_user_reseau_id())))))$f$,
      tbl || '_read', tbl, prefix || 'partage_agences');
    -- Write: a director for the network and its agencies, agency staff for their own agency.
    execute format($f$
      create policy %1$I on %2$I for all
        using ((select is_admin_presenca())
          or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))
        with check ((select is_admin_presenca())
          or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])))$f$,
      tbl || '_write', tbl);
  end loop;
end $$;

-- ---------------------------------------------------------------------------------------------
-- Quotas. One UPDATE ... RETURNING per use: the row lock serialises concurrent callers and the
-- WHERE clause is re-checked on the row they see, so no two callers can both take the last unit.
-- The daily counter restarts at <prefix>reset_quota_at (next midnight in p_time_zone).
-- SECURITY DEFINER: an agency spends its network's shared connexion without the right to edit it;
-- the function checks visibility itself.
-- Returns the usage after consumption, or null when refused (see connexion_quota_refusal).
-- ---------------------------------------------------------------------------------------------
create function consume_connexion_quota(p_integration text, p_connexion_id uuid, p_amount integer,
                                        p_time_zone text default 'Europe/Paris')
  returns integer
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  tbl text;
  p text;
  used integer;
begin
  if p_integration not in ('brevo', 'zoho', 'openai', 'instagram') then
    raise exception 'Intégration inconnue : %', p_integration;
  end if;
  if p_amount is null or p_amount <= 0 then
    raise exception 'La quantité consommée doit être positive.';
  end if;
  tbl := p_integration || '_connexion';
  p := p_integration || '_';
  execute format($f$
    update %1$I set
      %2$I = case when %3$I is null or %3$I <= now() then 0 else coalesce(%2$I, 0) end + $2,
      %3$I = case when %3$I is null or %3$I <= now()
                  then (date_trunc('day', now() at time zone $3) + interval '1 day') at time zone $3
                  else %3$I end
    where %4$I = $1 and %5$I
      and (%6$I is null
           or (case when %3$I is null or %3$I <= now() then 0 else coalesce(%2$I, 0) end) + $2 <= %6$I)
      and ((select is_admin_presenca())
           or (organisation_id = get_user_organisation_id()
               and (client_id = any (visible_client_ids())
                    or (%7$I and client_id = get_user_reseau_id()))))
    returning %2$I$f$,
    tbl, p || 'usage_quotidien', p || 'reset_quota_at', tbl || '_id', p || 'actif', p || 'limite_quotidienne', p || 'partage_agences')
  into used using p_connexion_id, p_amount, p_time_zone;
  return used;
end $$;

-- OpenAI: one request of the daily quota and its cost, refused for a model not allowed or beyond
-- the monthly budget. The month restarts on the first day (Europe/Paris).
create function consume_openai_budget(p_connexion_id uuid, p_model text, p_cost numeric,
                                      p_time_zone text default 'Europe/Paris')
  returns numeric
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  month date := date_trunc('month', now() at time zone p_time_zone)::date;
  spent numeric;
begin
  if p_cost is null or p_cost < 0 then
    raise exception 'Le coût consommé ne peut pas être négatif.';
  end if;
  update openai_connexion set
    openai_cout_actuel_mois = case when openai_mois_cout = month then coalesce(openai_cout_actuel_mois, 0) else 0 end + p_cost,
    openai_mois_cout = month
  where openai_connexion_id = p_connexion_id and openai_actif
    and p_model = any (coalesce(openai_modeles_autorises, '{}'))
    and (openai_limite_cout_mois is null
         or (case when openai_mois_cout = month then coalesce(openai_cout_actuel_mois, 0) else 0 end) + p_cost <= openai_limite_cout_mois)
    and ((select is_admin_presenca())
         or (organisation_id = get_user_organisation_id()
             and (client_id = any (visible_client_ids())
                  or (openai_partage_agences and client_id = get_user_reseau_id()))))
  returning openai_cout_actuel_mois into spent;
  return spent;
end $$;

grant execute on function consume_connexion_quota(text, uuid, integer, text), consume_openai_budget(uuid, text, numeric, text),
  is_protected_secret(text) to presenca_app;

-- ---------------------------------------------------------------------------------------------
-- The ASP.NET Core Data Protection key ring, shared by every instance. Not tenant data: no
-- row-level security. Keys are only ever added (revoked keys stay, or old ciphertext would be
-- lost), so the app may read and insert, never change or delete. Each key's XML is itself
-- encrypted by the application (AES-GCM with the configured master key) before it lands here.
-- ---------------------------------------------------------------------------------------------
create table data_protection_keys (
  id            bigint generated always as identity primary key,
  friendly_name text not null,
  xml           text not null,
  created_at    timestamptz not null default now()
);
revoke update, delete, truncate on data_protection_keys from presenca_app;
