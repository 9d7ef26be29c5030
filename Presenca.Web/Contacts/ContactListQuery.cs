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

    // Within one company the company order is the address order, which an index has.
    private string EffectiveSort => SortOrDefault == "organisation" && OrganizationId is not null ? "email" : SortOrDefault;

    /// <summary>The caller's contacts matching the search and company, in the list's order (the tenant filter applies).</summary>
    public async Task<IQueryable<Contact>> ApplyAsync(PresencaDbContext db, CancellationToken cancellationToken = default)
    {
        // The export reads every match anyway: one statement with the alternatives OR-ed will do.
        var contacts = Filtered(db);
        if (await SearchAsync(db, cancellationToken) is { } search)
        {
            contacts = contacts.Where(c =>
                (string.Compare(c.EmailLower, search.Term) >= 0 && string.Compare(c.EmailLower, search.TermAbove) < 0)
                || (string.Compare(c.EmailDomain, search.Domain) >= 0 && string.Compare(c.EmailDomain, search.DomainAbove) < 0)
                || search.OrganizationIds.Contains(c.OrganizationId));
        }

        return Order(contacts, backward: false);
    }

    /// <summary>
    /// How many of the caller's contacts match, counting no further than <paramref name="atMost"/>.
    /// Without the list's order: counting through the order made PostgreSQL sort every contact of
    /// the tenant for the company order and walk the address index row by row for the others,
    /// where any index of the client, or the table itself, answers.
    /// </summary>
    public async Task<int> CountAsync(PresencaDbContext db, int atMost, CancellationToken cancellationToken = default)
    {
        if (await SearchAsync(db, cancellationToken) is not { } search)
        {
            return await Filtered(db).Take(atMost).CountAsync(cancellationToken);
        }

        // The ids alone: the union compares whole rows.
        return await SearchBranches(db, search).Select(b => b.Select(c => c.Id).Take(atMost)).Aggregate((all, next) => all.Union(next))
            .Take(atMost).CountAsync(cancellationToken);
    }

    /// <summary>
    /// The page after (or, <see cref="ContactPageStart.Backward"/>, before) the contact of
    /// <paramref name="start"/>; the first page without it.
    /// </summary>
    public async Task<ContactPage> PageAsync(PresencaDbContext db, ContactPageStart? start, CancellationToken cancellationToken = default)
    {
        var backward = start?.Backward ?? false;
        List<ContactRow> rows;
        if (await SearchAsync(db, cancellationToken) is { } search)
        {
            // Each kind of match reads its own index for its first rows in the list's order; OR-ed
            // in one condition, PostgreSQL walked the address index from its start and filtered.
            var branches = SearchBranches(db, search).Select(b => Order(Beyond(b, start), backward).Take(PageSize + 1));
            rows = await Rows(Order(Union(branches), backward).Take(PageSize + 1)).ToListAsync(cancellationToken);
        }
        else if (EffectiveSort == "organisation" && ContactCompanyWalk.Applies(db))
        {
            rows = await ContactCompanyWalk.PageAsync(db, start, PageSize + 1, cancellationToken);
        }
        else
        {
            rows = await Rows(Order(Beyond(Filtered(db), start), backward).Take(PageSize + 1)).ToListAsync(cancellationToken);
        }

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

    private IQueryable<Contact> Filtered(PresencaDbContext db)
    {
        var contacts = db.Contacts.AsNoTracking();
        return OrganizationId is { } organizationId ? contacts.Where(c => c.OrganizationId == organizationId) : contacts;
    }

    /// <summary>
    /// This list with its search's company matches read now, for the pages and counts that follow:
    /// under row-level security no index serves the name lookup (ILIKE is not leakproof), which
    /// cost more than a page at a million contacts when every page of a search read it again.
    /// <paramref name="again"/> reads them anew (the list starts over: companies may have come or gone).
    /// </summary>
    public async Task<ContactListQuery> ResolveAsync(PresencaDbContext db, bool again = false, CancellationToken cancellationToken = default) =>
        !again && ResolvedTerms() is not null ? this : this with { _terms = await ReadSearchAsync(db, cancellationToken) };

    // Read by ResolveAsync; kept with the search it was read for, so a copy made `with` another
    // search never reuses it.
    private SearchTerms? _terms;

    private SearchTerms? ResolvedTerms() => _terms is { } terms && terms.Search == Search ? terms : null;

    private async Task<SearchTerms?> SearchAsync(PresencaDbContext db, CancellationToken cancellationToken) =>
        ResolvedTerms() ?? await ReadSearchAsync(db, cancellationToken);

    private async Task<SearchTerms?> ReadSearchAsync(PresencaDbContext db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Search))
        {
            return null;
        }

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
        var domain = term.TrimStart('@');
        return new SearchTerms(Search, term, term + "\U0010FFFF", domain, domain + "\U0010FFFF", organizationIds);
    }

    private List<IQueryable<Contact>> SearchBranches(PresencaDbContext db, SearchTerms search)
    {
        var contacts = Filtered(db);
        var branches = new List<IQueryable<Contact>>
        {
            contacts.Where(c => string.Compare(c.EmailLower, search.Term) >= 0 && string.Compare(c.EmailLower, search.TermAbove) < 0),
            contacts.Where(c => string.Compare(c.EmailDomain, search.Domain) >= 0 && string.Compare(c.EmailDomain, search.DomainAbove) < 0),
        };
        if (search.OrganizationIds.Count > 0)
        {
            branches.Add(contacts.Where(c => search.OrganizationIds.Contains(c.OrganizationId)));
        }

        return branches;
    }

    // UNION, not UNION ALL: an address can match as an address and by its domain.
    private static IQueryable<Contact> Union(IEnumerable<IQueryable<Contact>> branches) => branches.Aggregate((all, next) => all.Union(next));

    private static IQueryable<ContactRow> Rows(IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactRow(c.Id, c.Email, c.EmailLower, c.OrganizationId, c.OrganizationName, c.Desinscrit, c.CreatedAt));

    // The address and date orders match indexes of 0005 (email_lower, created_at), ties broken by
    // id. The company order is the company's name, then the company (two clients of a network may
    // have companies of the same name), then the address; contacts without a company come last.
    // Without a search it is read by ContactCompanyWalk, in this same order.
    private IQueryable<Contact> Order(IQueryable<Contact> contacts, bool backward) => (EffectiveSort, backward) switch
    {
        ("email_desc", false) => contacts.OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id),
        ("email_desc", true) => contacts.OrderBy(c => c.EmailLower).ThenBy(c => c.Id),
        ("organisation", false) => contacts.OrderBy(c => c.OrganizationId == null).ThenBy(c => c.OrganizationId == null ? "" : c.OrganizationName ?? "")
            .ThenBy(c => c.OrganizationId ?? Guid.Empty).ThenBy(c => c.EmailLower).ThenBy(c => c.Id),
        ("organisation", true) => contacts.OrderByDescending(c => c.OrganizationId == null).ThenByDescending(c => c.OrganizationId == null ? "" : c.OrganizationName ?? "")
            .ThenByDescending(c => c.OrganizationId ?? Guid.Empty).ThenByDescending(c => c.EmailLower).ThenByDescending(c => c.Id),
        ("recent", false) => contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        ("recent", true) => contacts.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        (_, false) => contacts.OrderBy(c => c.EmailLower).ThenBy(c => c.Id),
        (_, true) => contacts.OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id),
    };

    // The seek: a row comparison on the order's columns, which PostgreSQL answers from the index.
    private IQueryable<Contact> Beyond(IQueryable<Contact> contacts, ContactPageStart? start)
    {
        if (start is null)
        {
            return contacts;
        }

        var row = start.Row;
        var descending = EffectiveSort is "email_desc" or "recent";
        var after = descending == start.Backward;
        var noCompany = row.OrganizationId is null;
        var company = noCompany ? "" : row.OrganizationName ?? "";
        var companyId = row.OrganizationId ?? Guid.Empty;
        return (EffectiveSort, after) switch
        {
            ("organisation", true) => contacts.Where(c => EF.Functions.GreaterThan(
                ValueTuple.Create(c.OrganizationId == null, c.OrganizationId == null ? "" : c.OrganizationName ?? "", c.OrganizationId ?? Guid.Empty, c.EmailLower, c.Id),
                ValueTuple.Create(noCompany, company, companyId, row.EmailLower, row.Id))),
            ("organisation", false) => contacts.Where(c => EF.Functions.LessThan(
                ValueTuple.Create(c.OrganizationId == null, c.OrganizationId == null ? "" : c.OrganizationName ?? "", c.OrganizationId ?? Guid.Empty, c.EmailLower, c.Id),
                ValueTuple.Create(noCompany, company, companyId, row.EmailLower, row.Id))),
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

    private sealed record SearchTerms(string Search, string Term, string TermAbove, string Domain, string DomainAbove, List<Guid?> OrganizationIds);
}

/// <summary>A contact as the list shows it; its order columns are the page's keyset.</summary>
public sealed record ContactRow(Guid Id, string Email, string EmailLower, Guid? OrganizationId, string? OrganizationName, bool Desinscrit, DateTimeOffset CreatedAt);

/// <summary>Where a page starts: after <see cref="Row"/>, or before it when <see cref="Backward"/>.</summary>
public sealed record ContactPageStart(ContactRow Row, bool Backward);

/// <summary>One page of the list, and whether there are contacts on either side of it.</summary>
public sealed record ContactPage(List<ContactRow> Rows, bool HasPrevious, bool HasNext);
