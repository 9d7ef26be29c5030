-- 0003: what administration needs from the database, and the holes 0001/0002 left in who may
-- write what.
--
-- 1. users: 0002 let anyone who can see a user row write it, so agency staff could create users
--    in their agency, a director could promote a user of the network to admin Presenca, and a
--    user could rewrite its own role, organisation or client. Writes are now split by kind of
--    caller, and a trigger guards the role and the attachment of every user.
-- 2. reseaux: a director could delete its own network (and, by cascade, every agency and user of
--    it). A director may now only rename it.
-- 3. Functions: 0001's `alter default privileges in schema public revoke execute ... from
--    public` is a no-op (per-schema defaults only add to the global ones, which grant EXECUTE to
--    PUBLIC), so every function stayed executable by any role. Revoked here, and for the
--    functions later migrations create (those grant EXECUTE to presenca_app where it needs it).
-- 4. The audit trail can be read by client for directors without scanning the organisation.
-- 5. clients: only the network and agency triggers write it (a director could insert orphans).
-- 6. user_claims / user_logins / user_tokens: staff could store a role claim for themselves.

revoke execute on all functions in schema public from public;
alter default privileges revoke execute on functions from public;

-- ---------------------------------------------------------------------------------------------
-- users
-- ---------------------------------------------------------------------------------------------
drop policy users_access on users;

-- Reading is unchanged: a user sees itself; a director the users of the network; agency staff
-- those of the agency; while someone signs in (or sets a password from a link) only the row of
-- the user name being tried.
create policy users_read on users for select
  using ((select is_admin_presenca())
    or id = (select get_user_id())
    or normalized_user_name = nullif(current_setting('presenca.sign_in', true), '')
    or (organisation_id = (select get_user_organisation_id()) and client_id = any ((select visible_client_ids())::uuid[])));

-- Admins create, change and remove any user.
create policy users_admin_write on users for all
  using ((select is_admin_presenca())) with check ((select is_admin_presenca()));

-- A director creates and changes the users of the network (guard_user_row keeps roles honest).
create policy users_director_insert on users for insert
  with check ((select get_user_role()) = 'directeur_reseau'
    and organisation_id = (select get_user_organisation_id())
    and client_id = any ((select visible_client_ids())::uuid[]));
create policy users_director_update on users for update
  using ((select get_user_role()) = 'directeur_reseau'
    and organisation_id = (select get_user_organisation_id())
    and client_id = any ((select visible_client_ids())::uuid[]))
  with check ((select get_user_role()) = 'directeur_reseau'
    and organisation_id = (select get_user_organisation_id())
    and client_id = any ((select visible_client_ids())::uuid[]));

-- Every user keeps its own row up to date (password, security stamp); so does sign-in (failed
-- attempts, lockout) and the set-password link, for the one user name being tried. Neither may
-- change role, organisation or client: guard_user_row refuses it.
create policy users_self_update on users for update
  using (id = (select get_user_id())
    or normalized_user_name = nullif(current_setting('presenca.sign_in', true), ''))
  with check (id = (select get_user_id())
    or normalized_user_name = nullif(current_setting('presenca.sign_in', true), ''));

-- Roles follow the kind of client (a director runs a network, agency staff work in an agency),
-- only an admin makes an admin, and nobody but an admin moves a user or changes a role of its
-- own. Runs as the caller (no SECURITY DEFINER): the client it checks must be one the caller
-- sees. The maintenance role (BYPASSRLS: migrations, repairs) skips the privilege checks, not
-- the coherence ones. Refusals use SQLSTATE 42501 (insufficient_privilege), like row-level
-- security, so callers handle one kind of error.
create function guard_user_row() returns trigger
  language plpgsql set search_path = pg_catalog, public
as $$
declare
  kind text;
  maintenance boolean := exists (select 1 from pg_roles where rolname = current_user and (rolbypassrls or rolsuper));
begin
  if TG_OP = 'UPDATE' and NEW.role = OLD.role
     and NEW.organisation_id is not distinct from OLD.organisation_id
     and NEW.client_id is not distinct from OLD.client_id then
    return NEW;
  end if;

  if not maintenance and not is_admin_presenca() then
    if NEW.role = 'admin_presenca' then
      raise exception 'Seul un administrateur Presenca peut nommer un administrateur.' using errcode = '42501';
    end if;
    if get_user_role() is distinct from 'directeur_reseau' then
      raise exception 'Seuls un administrateur ou un directeur de réseau gèrent les utilisateurs.' using errcode = '42501';
    end if;
    if TG_OP = 'UPDATE' and OLD.id = get_user_id() then
      raise exception 'Vous ne pouvez pas changer votre propre rôle ni votre rattachement.' using errcode = '42501';
    end if;
  end if;

  if NEW.role = 'admin_presenca' then
    return NEW;
  end if;
  select c.client_type into kind from clients c
  where c.client_id = NEW.client_id and c.organisation_id = NEW.organisation_id;
  if kind is null then
    raise exception 'Ce réseau ou cette agence n''existe pas dans l''organisation de l''utilisateur.' using errcode = '42501';
  end if;
  if NEW.role = 'directeur_reseau' and kind <> 'reseau' then
    raise exception 'Un directeur de réseau est rattaché à un réseau, pas à une agence.' using errcode = '23514';
  end if;
  if NEW.role = 'collaborateur_agence' and kind = 'reseau' then
    raise exception 'Un collaborateur d''agence est rattaché à une agence, pas à un réseau.' using errcode = '23514';
  end if;
  return NEW;
end $$;

create trigger guard_user_row before insert or update on users
  for each row execute function guard_user_row();

-- ---------------------------------------------------------------------------------------------
-- reseaux: admins do everything, a director only renames its network.
-- ---------------------------------------------------------------------------------------------
drop policy reseaux_write on reseaux;
create policy reseaux_admin_write on reseaux for all
  using ((select is_admin_presenca())) with check ((select is_admin_presenca()));
create policy reseaux_director_update on reseaux for update
  using (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
    and reseau_id = (select get_user_client_id()))
  with check (organisation_id = (select get_user_organisation_id()) and (select get_user_role()) = 'directeur_reseau'
    and reseau_id = (select get_user_client_id()));

-- ---------------------------------------------------------------------------------------------
-- audit_trail: the directors' page filters by client.
-- ---------------------------------------------------------------------------------------------
create index audit_trail_client_idx on audit_trail (client_id, changed_at desc);

-- ---------------------------------------------------------------------------------------------
-- clients: written only by the triggers of reseaux, reseau_agence and agence_independante
-- (sync_client_row). 0001 let a director insert or rename clients rows of the network directly,
-- leaving rows no network or agency stands behind. pg_trigger_depth() is 1 for a statement of
-- the caller's own, 2 or more when sync_client_row or a cascading foreign key writes the row.
-- ---------------------------------------------------------------------------------------------
create function refuse_direct_client_write() returns trigger
  language plpgsql set search_path = pg_catalog, public
as $$
begin
  if pg_trigger_depth() < 2
     and not exists (select 1 from pg_roles where rolname = current_user and (rolbypassrls or rolsuper)) then
    raise exception 'Les clients suivent les réseaux et les agences : écrivez dans reseaux, reseau_agence ou agence_independante.'
      using errcode = '42501';
  end if;
  return coalesce(NEW, OLD);
end $$;

create trigger refuse_direct_client_write before insert or update or delete on clients
  for each row execute function refuse_direct_client_write();

-- ---------------------------------------------------------------------------------------------
-- user_claims, user_logins, user_tokens: 0002 let anyone who sees a user write its claims, so
-- agency staff could store a role claim for themselves or a colleague, which Identity adds to
-- the sign-in cookie. Claims and external logins are now written by admins only; tokens by their
-- user or an admin. Reading still follows the visibility of the user.
-- ---------------------------------------------------------------------------------------------
drop policy user_claims_access on user_claims;
create policy user_claims_read on user_claims for select
  using (exists (select 1 from users u where u.id = user_id));
create policy user_claims_admin_write on user_claims for all
  using ((select is_admin_presenca())) with check ((select is_admin_presenca()));

drop policy user_logins_access on user_logins;
create policy user_logins_read on user_logins for select
  using (exists (select 1 from users u where u.id = user_id));
create policy user_logins_admin_write on user_logins for all
  using ((select is_admin_presenca())) with check ((select is_admin_presenca()));

drop policy user_tokens_access on user_tokens;
create policy user_tokens_read on user_tokens for select
  using (exists (select 1 from users u where u.id = user_id));
create policy user_tokens_owner_write on user_tokens for all
  using ((select is_admin_presenca()) or user_id = (select get_user_id()))
  with check ((select is_admin_presenca()) or user_id = (select get_user_id()));
