-- 0017: "Rédiger avec l'IA" (issue 14). A draft is one streamed call to OpenAI's chat
-- completions through the client's effective OpenAI connexion.
--
-- Before the call, reserve_openai_generation takes one unit of the daily quota and reserves the
-- call's worst-case cost (prompt upper bound + max_tokens at the model's price) on the monthly
-- budget, in ONE UPDATE ... WHERE usage + 1 <= limit AND cost + reserve <= limit RETURNING: the
-- row lock serialises concurrent drafts and the WHERE clause is re-checked on the row each one
-- sees, so concurrent drafts can never spend past the budget. After the call,
-- settle_openai_generation replaces the reservation by the cost OpenAI reported (streamed usage).
--
-- openai_generations is the trail of drafts: who, for which client, through which connexion,
-- model, tokens, cost and outcome. Never the key, the brief or the generated text. Its rows reach
-- audit_trail through the usual trigger. The app role can only read it; the two SECURITY DEFINER
-- functions below write it.

create table openai_generations (
  generation_id       uuid primary key default gen_random_uuid(),
  organisation_id     uuid not null references organisations on delete cascade,
  -- the client the draft is for (a template's or campaign's owner), not the connexion's owner
  client_id           uuid not null,
  openai_connexion_id uuid not null references openai_connexion on delete cascade,
  user_id             uuid,
  model               text not null,
  max_tokens          integer not null check (max_tokens > 0),
  reserved_cost       numeric(14, 4) not null check (reserved_cost >= 0),
  -- the month (first day, Europe/Paris) the reservation was charged to
  cost_month          date not null,
  prompt_tokens       integer check (prompt_tokens >= 0),
  completion_tokens   integer check (completion_tokens >= 0),
  cost                numeric(14, 4) check (cost >= 0),
  outcome             text not null default 'en_cours',
  created_at          timestamptz not null default now(),
  settled_at          timestamptz,
  foreign key (organisation_id, client_id) references clients (organisation_id, client_id) on delete cascade,
  check (outcome in ('en_cours', 'reussie', 'annulee', 'cle_invalide', 'limite_fournisseur', 'erreur_fournisseur',
                     'delai_depasse', 'refus', 'filtre_contenu', 'interrompue'))
);
create index openai_generations_client_idx on openai_generations (client_id, created_at desc);
create index openai_generations_connexion_idx on openai_generations (openai_connexion_id);

create trigger record_audit_trail after insert or update on openai_generations
  for each row execute function record_audit_trail('generation_id', 'client_id', '');

alter table openai_generations enable row level security;
alter table openai_generations force row level security;
create policy openai_generations_read on openai_generations for select
  using ((select is_admin_presenca())
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));
revoke insert, update, delete, truncate on openai_generations from presenca_app;

-- Returns the new generation's id, or null when refused (the application explains why).
create function reserve_openai_generation(p_connexion_id uuid, p_client_id uuid, p_model text, p_max_tokens integer,
                                          p_reserve numeric, p_time_zone text default 'Europe/Paris')
  returns uuid
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  month date := date_trunc('month', now() at time zone p_time_zone)::date;
  org uuid;
  id uuid;
begin
  if p_reserve is null or p_reserve < 0 then
    raise exception 'La réserve doit être positive.';
  end if;
  -- The caller works for the client (its own, or an agency of its network for a director).
  if not ((select is_admin_presenca()) or p_client_id = any (visible_client_ids())) then
    return null;
  end if;
  update openai_connexion c set
    openai_usage_quotidien = case when c.openai_reset_quota_at is null or c.openai_reset_quota_at <= now() then 0
                                  else coalesce(c.openai_usage_quotidien, 0) end + 1,
    openai_reset_quota_at = case when c.openai_reset_quota_at is null or c.openai_reset_quota_at <= now()
                                 then (date_trunc('day', now() at time zone p_time_zone) + interval '1 day') at time zone p_time_zone
                                 else c.openai_reset_quota_at end,
    openai_cout_actuel_mois = case when c.openai_mois_cout = month then coalesce(c.openai_cout_actuel_mois, 0) else 0 end + p_reserve,
    openai_mois_cout = month
  where c.openai_connexion_id = p_connexion_id and c.openai_actif and c.openai_api_key is not null
    and p_model = any (coalesce(c.openai_modeles_autorises, '{}'))
    and (c.openai_limite_quotidienne is null
         or (case when c.openai_reset_quota_at is null or c.openai_reset_quota_at <= now() then 0
                  else coalesce(c.openai_usage_quotidien, 0) end) + 1 <= c.openai_limite_quotidienne)
    and (c.openai_limite_cout_mois is null
         or (case when c.openai_mois_cout = month then coalesce(c.openai_cout_actuel_mois, 0) else 0 end) + p_reserve <= c.openai_limite_cout_mois)
    -- the client's own connexion, or its network's when the network shares it
    and exists (select 1 from clients k
                where k.client_id = p_client_id and k.organisation_id = c.organisation_id
                  and (c.client_id = k.client_id or (c.openai_partage_agences and c.client_id = k.reseau_id)))
  returning c.organisation_id into org;
  if org is null then
    return null;
  end if;
  insert into openai_generations (organisation_id, client_id, openai_connexion_id, user_id, model, max_tokens, reserved_cost, cost_month)
  values (org, p_client_id, p_connexion_id, get_user_id(), p_model, p_max_tokens, p_reserve, month)
  returning generation_id into id;
  return id;
end $$;

-- Replaces the reservation by the reported cost, once (a settled generation is left alone). A
-- reservation of a month that has since ended stays in that month. The connexion's last use moves;
-- a rejected key marks it cle_invalide, a success marks it active.
create function settle_openai_generation(p_generation_id uuid, p_prompt_tokens integer, p_completion_tokens integer,
                                         p_cost numeric, p_outcome text, p_error text default null)
  returns boolean
  language plpgsql security definer set search_path = pg_catalog, public
as $$
declare
  g openai_generations;
begin
  if p_cost is null or p_cost < 0 then
    raise exception 'Le coût ne peut pas être négatif.';
  end if;
  update openai_generations set prompt_tokens = p_prompt_tokens, completion_tokens = p_completion_tokens,
                                cost = p_cost, outcome = p_outcome, settled_at = now()
  where generation_id = p_generation_id and outcome = 'en_cours'
    and ((select is_admin_presenca()) or user_id = get_user_id())
  returning * into g;
  if g.generation_id is null then
    return false;
  end if;
  update openai_connexion set
    openai_cout_actuel_mois = case when openai_mois_cout = g.cost_month
                                   then greatest(0, coalesce(openai_cout_actuel_mois, 0) - g.reserved_cost + p_cost)
                                   else openai_cout_actuel_mois end,
    openai_derniere_synchro = now(),
    openai_statut_connexion = case p_outcome when 'cle_invalide' then 'cle_invalide' when 'reussie' then 'active' else openai_statut_connexion end,
    openai_derniere_erreur = case p_outcome when 'cle_invalide' then p_error when 'reussie' then null else openai_derniere_erreur end
  where openai_connexion_id = g.openai_connexion_id;
  return true;
end $$;

grant execute on function reserve_openai_generation(uuid, uuid, text, integer, numeric, text),
  settle_openai_generation(uuid, integer, integer, numeric, text, text) to presenca_app;
