using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Contacts;

namespace Presenca.Web.Contacts;

/// <summary>
/// What the contacts list shows: a search (start of the address, start of its domain, or words
/// of the company's name), a company, an order, a page.
/// </summary>
public sealed record ContactListQuery(string? Search, Guid? OrganizationId, string? Sort, int Page)
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

    public int PageOrFirst => Math.Max(1, Page);

    /// <summary>Companies whose name matches are looked up first, at most this many.</summary>
    private const int MaxMatchingOrganizations = 1_000;

    /// <summary>The caller's contacts matching the search and company (the tenant filter applies).</summary>
    public async Task<IQueryable<Contact>> ApplyAsync(PresencaDbContext db, CancellationToken cancellationToken = default)
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

        // Each order but the company's matches an index of 0005 (email_lower, created_at), ties broken by id.
        return SortOrDefault switch
        {
            "email_desc" => contacts.OrderByDescending(c => c.EmailLower).ThenByDescending(c => c.Id),
            "organisation" => contacts.OrderBy(c => c.OrganizationName == null).ThenBy(c => c.OrganizationName).ThenBy(c => c.EmailLower).ThenBy(c => c.Id),
            "recent" => contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
            _ => contacts.OrderBy(c => c.EmailLower).ThenBy(c => c.Id),
        };
    }

    /// <summary>The query string of this list, with some parameters replaced.</summary>
    public string Url(string path, int? page = null, string? sort = null)
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

        if ((page ?? 1) > 1)
        {
            parts.Add("page=" + page);
        }

        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
