using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Analytics;
using Presenca.Data.Contacts;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's contacts: their count, a page at a time in address order, and the export; limited
/// to the clients of an <see cref="AnalyticsScope"/> and, in PostgreSQL, by row-level security.
/// </summary>
public static class AnalyticsContactQueries
{
    /// <summary>Every contact with its figures, in address order: the contacts export.</summary>
    public static IQueryable<ContactAnalytics> All(PresencaDbContext db, AnalyticsScope scope) =>
        db.ContactAnalytics.IgnoreQueryFilters().AsNoTracking().Where(c => scope.ClientIds.Contains(c.ClientId))
            .OrderBy(c => c.EmailLower).ThenBy(c => c.ContactId);

    /// <summary>The contacts per client the triggers of 0010 keep: one row per client, however many contacts.</summary>
    public static IQueryable<ClientContactCount> Count(PresencaDbContext db, AnalyticsScope scope) =>
        db.ClientContactCounts.IgnoreQueryFilters().AsNoTracking().Where(c => scope.ClientIds.Contains(c.ClientId));

    /// <summary>The contacts of the scope's clients.</summary>
    public static IQueryable<Contact> Visible(PresencaDbContext db, AnalyticsScope scope)
    {
        var contacts = db.Contacts.IgnoreQueryFilters().AsNoTracking().Where(c => scope.ClientIds.Contains(c.ClientId));

        // The organisation makes the (organisation_id, email_lower, id) index usable: it hands the
        // contacts over in address order, where several clients' ranges of a client-led index cannot.
        return scope.OrganisationId is { } organisation ? contacts.Where(c => c.OrganisationId == organisation) : contacts;
    }

    /// <summary>
    /// The page of contacts after (or before) the filter's contact in address order. An unknown
    /// contact (deleted, or not the caller's) means the first page.
    /// </summary>
    public static async Task<ContactsPage> PageAsync(PresencaDbContext db, AnalyticsScope scope, AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        var cursor = (filter.ContactsAfter ?? filter.ContactsBefore) is { } id
            ? await Visible(db, scope).Where(c => c.Id == id).Select(c => new ContactKey(c.EmailLower, c.Id)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var backwards = cursor is not null && filter.ContactsBefore is not null;
        var found = await Page(db, scope, cursor, backwards).ToListAsync(cancellationToken);

        var more = found.Count > AnalyticsFilter.ContactPageSize;
        var shown = found.Take(AnalyticsFilter.ContactPageSize).ToList();
        if (backwards)
        {
            shown.Reverse();
        }

        return new ContactsPage(shown, HasPrevious: backwards ? more : cursor is not null, HasNext: backwards || more);
    }

    /// <summary>
    /// Up to a page and one contact (the extra one says whether another page follows) after the
    /// cursor, or before it going backwards, found by an index seek on (organisation_id, email_lower, id);
    /// then joined to the view, whose per-contact aggregate runs for these contacts only.
    /// </summary>
    public static IQueryable<ContactAnalytics> Page(PresencaDbContext db, AnalyticsScope scope, ContactKey? cursor, bool backwards)
    {
        var contacts = Visible(db, scope);
        var page = cursor is null ? contacts
            : backwards ? contacts.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(cursor.EmailLower, cursor.Id)))
            : contacts.Where(c => EF.Functions.GreaterThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(cursor.EmailLower, cursor.Id)));
        var ordered = backwards
            ? page.OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id)
            : page.OrderBy(c => c.EmailLower).ThenBy(c => c.Id);

        var rows = ordered.Take(AnalyticsFilter.ContactPageSize + 1)
            .Join(db.ContactAnalytics.IgnoreQueryFilters().AsNoTracking(), c => c.Id, a => a.ContactId, (c, a) => new { c.EmailLower, c.Id, Row = a });
        return (backwards
            ? rows.OrderByDescending(x => x.EmailLower).ThenByDescending(x => x.Id)
            : rows.OrderBy(x => x.EmailLower).ThenBy(x => x.Id)).Select(x => x.Row);
    }
}
