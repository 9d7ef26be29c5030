using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Contacts;

namespace Presenca.Web.Contacts;

/// <summary>What the contacts list shows: a search (address or company), a company, an order, a page.</summary>
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
            var pattern = "%" + EscapeLike(Search.Trim()) + "%";
            // Matching companies first (trigram index on their names), then contacts whose address
            // matches (trigram index) or whose company is one of them (index on organization_id):
            // both arms use an index, so a search stays fast with a million contacts.
            var organizationIds = await db.ContactOrganizations.AsNoTracking()
                .Where(o => EF.Functions.ILike(o.Name, pattern))
                .Select(o => o.Id).Take(MaxMatchingOrganizations).ToListAsync(cancellationToken);
            contacts = contacts.Where(c => EF.Functions.ILike(c.Email, pattern)
                || (c.OrganizationId != null && organizationIds.Contains(c.OrganizationId.Value)));
        }

        if (OrganizationId is { } organizationId)
        {
            contacts = contacts.Where(c => c.OrganizationId == organizationId);
        }

        // Each order matches an index of 0005 (lower(email), created_at), ties broken by id.
        return SortOrDefault switch
        {
            "email_desc" => contacts.OrderByDescending(c => c.Email.ToLower()).ThenByDescending(c => c.Id),
            "organisation" => contacts.OrderBy(c => c.OrganizationName == null).ThenBy(c => c.OrganizationName).ThenBy(c => c.Email.ToLower()).ThenBy(c => c.Id),
            "recent" => contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
            _ => contacts.OrderBy(c => c.Email.ToLower()).ThenBy(c => c.Id),
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
