using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Contacts;

namespace Presenca.Web.Contacts;

/// <summary>
/// A page of the list in the company order without a search, read in index order instead of
/// sorting the tenant: the companies by name (contact_organizations_name_idx), the contacts of
/// each by address (contacts_organization_email_idx), then the contacts without a company by
/// address (contacts_no_company_email_idx). A page may span these segments: the rest of the
/// company it starts in, the companies after it, the contacts without one; backwards the other way.
/// Same order as <see cref="ContactListQuery"/>'s: company name, company, address, id.
/// </summary>
internal static class ContactCompanyWalk
{
    /// <summary>
    /// Whether the caller's contacts are those of one organisation: the walk's statement names it
    /// so that its companies index is read from that organisation's part (row-level security's
    /// own condition, OR-ed with the admin's, reaches no index). Admins page by sorting.
    /// </summary>
    public static bool Applies(PresencaDbContext db) => db.Callers.Current is { IsAdmin: false, OrganisationId: not null };

    public static async Task<List<ContactRow>> PageAsync(PresencaDbContext db, ContactPageStart? start, int take, CancellationToken cancellationToken)
    {
        var rows = new List<ContactRow>(take);
        if (start is null)
        {
            rows.AddRange(await CompaniesAsync(db, null, forward: true, take, cancellationToken));
            await AddNoCompanyAsync(db, rows, null, forward: true, take, cancellationToken);
            return rows;
        }

        var row = start.Row;
        var forward = !start.Backward;
        if (row.OrganizationId is not { } companyId)
        {
            await AddNoCompanyAsync(db, rows, row, forward, take, cancellationToken);
            if (!forward && rows.Count < take)
            {
                rows.AddRange(await CompaniesAsync(db, null, forward, take - rows.Count, cancellationToken));
            }

            return rows;
        }

        var name = row.OrganizationName ?? "";
        rows.AddRange(await SameCompanyAsync(db, companyId, name, row, forward, take, cancellationToken));
        if (rows.Count < take)
        {
            rows.AddRange(await CompaniesAsync(db, (name, companyId), forward, take - rows.Count, cancellationToken));
        }

        if (forward)
        {
            await AddNoCompanyAsync(db, rows, null, forward, take, cancellationToken);
        }

        return rows;
    }

    // The companies after (before) the given one, each with its first (last) contacts by address:
    // the outer index gives the companies in order and each company's contacts come sorted, so
    // PostgreSQL stops at the page's end (an incremental sort per company, nothing of the tenant).
    // Written out because EF turns a Take inside SelectMany into ROW_NUMBER() over every contact
    // of the tenant, where this needs LATERAL. The app's filter still wraps it; RLS applies.
    private static Task<List<ContactRow>> CompaniesAsync(
        PresencaDbContext db, (string Name, Guid Id)? after, bool forward, int take, CancellationToken cancellationToken)
    {
        var organisationId = db.Callers.Current.OrganisationId!.Value;
        FormattableString sql = (after, forward) switch
        {
            (null, true) => $"""
                select c.* from contact_organizations o
                cross join lateral (select * from contacts c where c.organization_id = o.id order by c.email_lower, c.id limit {take}) c
                where o.organisation_id = {organisationId}
                order by o.name, o.id, c.email_lower, c.id limit {take}
                """,
            ({ } company, true) => $"""
                select c.* from contact_organizations o
                cross join lateral (select * from contacts c where c.organization_id = o.id order by c.email_lower, c.id limit {take}) c
                where o.organisation_id = {organisationId} and (o.name, o.id) > ({company.Name}, {company.Id})
                order by o.name, o.id, c.email_lower, c.id limit {take}
                """,
            (null, false) => $"""
                select c.* from contact_organizations o
                cross join lateral (select * from contacts c where c.organization_id = o.id order by c.email_lower desc, c.id desc limit {take}) c
                where o.organisation_id = {organisationId}
                order by o.name desc, o.id desc, c.email_lower desc, c.id desc limit {take}
                """,
            ({ } company, false) => $"""
                select c.* from contact_organizations o
                cross join lateral (select * from contacts c where c.organization_id = o.id order by c.email_lower desc, c.id desc limit {take}) c
                where o.organisation_id = {organisationId} and (o.name, o.id) < ({company.Name}, {company.Id})
                order by o.name desc, o.id desc, c.email_lower desc, c.id desc limit {take}
                """,
        };
        // The contact's organization_name is its company's name as imported (ContactImportSql).
        return db.Contacts.FromSql(sql).AsNoTracking()
            .Select(c => new ContactRow(c.Id, c.Email, c.EmailLower, c.OrganizationId, c.OrganizationName, c.Desinscrit, c.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    // The rest of the page's own company, named as the page's row names it (the company's name).
    private static Task<List<ContactRow>> SameCompanyAsync(
        PresencaDbContext db, Guid companyId, string name, ContactRow row, bool forward, int take, CancellationToken cancellationToken)
    {
        var contacts = db.Contacts.AsNoTracking().Where(c => c.OrganizationId == companyId);
        contacts = forward
            ? contacts.Where(c => EF.Functions.GreaterThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(row.EmailLower, row.Id)))
                .OrderBy(c => c.EmailLower).ThenBy(c => c.Id)
            : contacts.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(row.EmailLower, row.Id)))
                .OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id);
        return contacts.Take(take)
            .Select(c => new ContactRow(c.Id, c.Email, c.EmailLower, c.OrganizationId, name, c.Desinscrit, c.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    private static async Task AddNoCompanyAsync(
        PresencaDbContext db, List<ContactRow> rows, ContactRow? after, bool forward, int take, CancellationToken cancellationToken)
    {
        if (rows.Count >= take)
        {
            return;
        }

        var contacts = db.Contacts.AsNoTracking().Where(c => c.OrganizationId == null);
        if (after is not null)
        {
            contacts = forward
                ? contacts.Where(c => EF.Functions.GreaterThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(after.EmailLower, after.Id)))
                : contacts.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(after.EmailLower, after.Id)));
        }

        contacts = forward ? contacts.OrderBy(c => c.EmailLower).ThenBy(c => c.Id) : contacts.OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id);
        rows.AddRange(await contacts.Take(take - rows.Count)
            .Select(c => new ContactRow(c.Id, c.Email, c.EmailLower, null, null, c.Desinscrit, c.CreatedAt))
            .ToListAsync(cancellationToken));
    }
}
