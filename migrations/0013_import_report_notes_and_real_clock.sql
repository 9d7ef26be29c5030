-- 0013: an import's report names every row it did not import as such, and recorded times are
-- the real clock.
--
-- contact_import_issues: besides refused rows, the report now lists the header row it skipped
-- ('entete', "Ligne 1 : en-tête ignoré") and rows imported with a remark ('remarque': address
-- read out of "Nom <adresse>" or a mailto: link, company name cut to 500 characters).
alter table contact_import_issues drop constraint contact_import_issues_kind_check;
alter table contact_import_issues add constraint contact_import_issues_kind_check
  check (kind in ('invalide', 'doublon_fichier', 'doublon_existant', 'entete', 'remarque'));

-- updated_at was now(), the start of the transaction: a row updated at the end of a long
-- transaction (an import's last step, 12 s after it began) read as if updated 12 s earlier, even
-- before the progress updates committed meanwhile. clock_timestamp() is the moment of the
-- change. created_at keeps now(), the same value as the column defaults of rows created with it.
create or replace function update_audit_fields() returns trigger
  language plpgsql set search_path = pg_catalog, public
as $$
declare
  prefix text := coalesce(TG_ARGV[0], '');
begin
  -- created_* cannot be rewritten by an update
  NEW := jsonb_populate_record(NEW, jsonb_build_object(
    prefix || 'created_at', to_jsonb(OLD) -> (prefix || 'created_at'),
    prefix || 'created_by', to_jsonb(OLD) -> (prefix || 'created_by'),
    prefix || 'updated_at', clock_timestamp(), prefix || 'updated_by', get_user_id()));
  return NEW;
end $$;
