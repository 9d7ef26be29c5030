using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Contacts;

namespace Presenca.Web.Contacts;

/// <summary>
/// What the contacts list shows: a search (start of the address, start of its domain, or words
/// of the company's name), a company and an order. Pages are read with a keyset: a page seeks
/// from a contact of the page beside it, so a far page costs what the first one does.
/// </summary>
public sealed record ContactListQuery(string? Search, Guid? OrganizationId, string? Sort)
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
    [
        ("email", "Adresse (A → Z)"),
        ("email_desc", "Adresse (Z → A)"),
        ("organisation", "Organisation"),
        ("recent", "Ajoutés récemment"),
    ];

    public string SortOrDefault => Sorts.Any(s => s.Value == Sort) ? Sort! : "email";

    /// <summary>Companies whose name matches are looked up first, at most this many.</summary>
    private const int MaxMatchingOrganizations = 1_000;

    /// <summary>The caller's contacts matching the search and company, in the list's order (the tenant filter applies).</summary>
    public async Task<IQueryable<Contact>> ApplyAsync(PresencaDbContext db, CancellationToken cancellationToken = default) =>
        Order(await FilterAsync(db, cancellationToken), backward: false);

    /// <summary>
    /// How many of the caller's contacts match, counting no further than <paramref name="atMost"/>.
    /// Without the list's order: counting through the order made PostgreSQL sort every contact of
    /// the tenant for the company order (no index has it) and walk the address index row by row
    /// for the others, where any index of the client, or the table itself, answers.
    /// </summary>
    public async Task<int> CountAsync(PresencaDbContext db, int atMost, CancellationToken cancellationToken = default) =>
        await (await FilterAsync(db, cancellationToken)).Take(atMost).CountAsync(cancellationToken);

    /// <summary>
    /// The page after (or, <see cref="ContactPageStart.Backward"/>, before) the contact of
    /// <paramref name="start"/>; the first page without it.
    /// </summary>
    public async Task<ContactPage> PageAsync(PresencaDbContext db, ContactPageStart? start, CancellationToken cancellationToken = default)
    {
        var contacts = await FilterAsync(db, cancellationToken);
        var backward = start?.Backward ?? false;
        if (start is not null)
        {
            contacts = Beyond(contacts, start);
        }

        var rows = await Order(contacts, backward).Take(PageSize + 1)
            .Select(c => new ContactRow(c.Id, c.Email, c.EmailLower, c.OrganizationId, c.OrganizationName, c.Desinscrit, c.CreatedAt))
            .ToListAsync(cancellationToken);
        var more = rows.Count > PageSize;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (backward)
        {
            rows.Reverse();
            return new ContactPage(rows, HasPrevious: more, HasNext: true);
        }

        return new ContactPage(rows, HasPrevious: start is not null, HasNext: more);
    }

    private async Task<IQueryable<Contact>> FilterAsync(PresencaDbContext db, CancellationToken cancellationToken)
    {
        var contacts = db.Contacts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim().ToLowerInvariant();
            var pattern = "%" + EscapeLike(Search.Trim()) + "%";
            // Companies whose name contains the words: a small table, read first.
            var organizationIds = await db.ContactOrganizations.AsNoTracking()
                .Where(o => EF.Functions.ILike(o.Name, pattern))
                .Select(o => (Guid?)o.Id).Take(MaxMatchingOrganizations).ToListAsync(cancellationToken);
            // Addresses or domains starting with the words. Under row-level security a condition
            // reaches an index only if every operator in it is leakproof (LIKE is not), so the
            // prefix is written as a range (>=, <) on the indexed expression. It is exact in the
            // C.UTF-8 collation the database is created with (scripts/postgres.sh).
            var above = term + "\U0010FFFF";
            var domain = term.TrimStart('@');
            var domainAbove = domain + "\U0010FFFF";
            contacts = contacts.Where(c =>
                (string.Compare(c.EmailLower, term) >= 0 && string.Compare(c.EmailLower, above) < 0)
                || (string.Compare(c.EmailDomain, domain) >= 0 && string.Compare(c.EmailDomain, domainAbove) < 0)
                || organizationIds.Contains(c.OrganizationId));
        }

        if (OrganizationId is { } organizationId)
        {
            contacts = contacts.Where(c => c.OrganizationId == organizationId);
        }

        return contacts;
    }

    // Each order but the company's matches an index of 0005 (email_lower, created_at), ties broken
    // by id. Contacts without a company come last in the company order.
    private IQueryable<Contact> Order(IQueryable<Contact> contacts, bool backward) => (SortOrDefault, backward) switch
    {
        ("email_desc", false) => contacts.OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id),
        ("email_desc", true) => contacts.OrderBy(c => c.EmailLower).ThenBy(c => c.Id),
        ("organisation", false) => contacts.OrderBy(c => c.OrganizationName == null).ThenBy(c => c.OrganizationName ?? "").ThenBy(c => c.EmailLower).ThenBy(c => c.Id),
        ("organisation", true) => contacts.OrderByDescending(c => c.OrganizationName == null).ThenByDescending(c => c.OrganizationName ?? "").ThenByDescending(c => c.EmailLower).ThenByDescending(c => c.Id),
        ("recent", false) => contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        ("recent", true) => contacts.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        (_, false) => contacts.OrderBy(c => c.EmailLower).ThenBy(c => c.Id),
        (_, true) => contacts.OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id),
    };

    // The seek: a row comparison on the order's columns, which PostgreSQL answers from the index.
    private IQueryable<Contact> Beyond(IQueryable<Contact> contacts, ContactPageStart start)
    {
        var row = start.Row;
        var descending = SortOrDefault is "email_desc" or "recent";
        var after = descending == start.Backward;
        var noCompany = row.OrganizationName is null;
        var company = row.OrganizationName ?? "";
        return (SortOrDefault, after) switch
        {
            ("organisation", true) => contacts.Where(c => EF.Functions.GreaterThan(
                ValueTuple.Create(c.OrganizationName == null, c.OrganizationName ?? "", c.EmailLower, c.Id),
                ValueTuple.Create(noCompany, company, row.EmailLower, row.Id))),
            ("organisation", false) => contacts.Where(c => EF.Functions.LessThan(
                ValueTuple.Create(c.OrganizationName == null, c.OrganizationName ?? "", c.EmailLower, c.Id),
                ValueTuple.Create(noCompany, company, row.EmailLower, row.Id))),
            ("recent", true) => contacts.Where(c => EF.Functions.GreaterThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(row.CreatedAt, row.Id))),
            ("recent", false) => contacts.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(row.CreatedAt, row.Id))),
            (_, true) => contacts.Where(c => EF.Functions.GreaterThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(row.EmailLower, row.Id))),
            (_, false) => contacts.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.EmailLower, c.Id), ValueTuple.Create(row.EmailLower, row.Id))),
        };
    }

    /// <summary>The query string of this list, with some parameters replaced.</summary>
    public string Url(string path, string? sort = null)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            parts.Add("q=" + Uri.EscapeDataString(Search.Trim()));
        }

        if (OrganizationId is { } organizationId)
        {
            parts.Add("organisation=" + organizationId);
        }

        var chosenSort = sort ?? SortOrDefault;
        if (chosenSort != "email")
        {
            parts.Add("tri=" + chosenSort);
        }

        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

/// <summary>A contact as the list shows it; its order columns are the page's keyset.</summary>
public sealed record ContactRow(Guid Id, string Email, string EmailLower, Guid? OrganizationId, string? OrganizationName, bool Desinscrit, DateTimeOffset CreatedAt);

/// <summary>Where a page starts: after <see cref="Row"/>, or before it when <see cref="Backward"/>.</summary>
public sealed record ContactPageStart(ContactRow Row, bool Backward);

/// <summary>One page of the list, and whether there are contacts on either side of it.</summary>
public sealed record ContactPage(List<ContactRow> Rows, bool HasPrevious, bool HasNext);
