-- 0023: the contacts list in the company order reads indexes instead of sorting the tenant
-- (issue 11, grid paging: 1.8 s a page at 1,000,000 contacts). ContactCompanyWalk reads the
-- companies in name order, the contacts of each in address order, then the contacts without a
-- company in address order, and stops at the page's end.
--
-- What it costs an import: contacts_organization_idx (organization_id) becomes
-- (organization_id, email_lower, id), the same number of entries, wider (the foreign key's
-- "on delete set null" and the company filter still use its first column); the contacts without a
-- company get a partial index of their own (only they pay for it); companies, a tenth as many
-- rows, one more index. Measured with bench/contacts.sh (see bench/RESULTS.md).
create index contact_organizations_name_idx on contact_organizations (organisation_id, name, id);

create index contacts_organization_email_idx on contacts (organization_id, email_lower, id);
drop index contacts_organization_idx;

create index contacts_no_company_email_idx on contacts (organisation_id, email_lower, id) where organization_id is null;
