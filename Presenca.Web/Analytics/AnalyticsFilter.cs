namespace Presenca.Web.Analytics;

/// <summary>
/// What the Analytique page and its exports show: a period, a client, a sort and its direction, a
/// page of campaigns, and which page of contacts: the one after (or before) a given contact in address order. Contact
/// pages are chosen by that contact rather than by number, so a far page costs what the first one
/// does: the database seeks to it in its index instead of counting through every contact before it.
/// </summary>
public sealed record AnalyticsFilter(
    string Period, Guid? ClientId, string Sort, int CampaignPage = 1, Guid? ContactsAfter = null, Guid? ContactsBefore = null,
    bool Descending = true)
{
    public static readonly IReadOnlyList<(string Key, string Label, int? Days)> Periods =
    [
        ("30j", "30 derniers jours", 30),
        ("90j", "90 derniers jours", 90),
        ("365j", "12 derniers mois", 365),
        ("tout", "Depuis le début", null),
    ];

    public static readonly IReadOnlyList<(string Key, string Label)> Sorts =
    [
        ("recent", "Plus récentes"),
        ("nom", "Nom"),
        ("total", "E-mails"),
        ("delivrance", "Taux de délivrance"),
        ("succes", "Taux de succès"),
        ("rebonds", "Rejets"),
    ];

    public const int CampaignPageSize = 50;

    public const int ContactPageSize = 50;

    /// <summary>
    /// The filter of a query string; <paramref name="direction"/> is "asc" or "desc", and anything
    /// else means the sort's natural direction (names A to Z, every figure largest first).
    /// </summary>
    public static AnalyticsFilter From(
        string? period, Guid? clientId, string? sort, int? campaignPage = null, Guid? contactsAfter = null, Guid? contactsBefore = null,
        string? direction = null)
    {
        var key = Sorts.Any(s => s.Key == sort) ? sort! : "recent";
        return new(
            Periods.Any(p => p.Key == period) ? period! : "30j",
            clientId,
            key,
            Math.Max(1, campaignPage ?? 1),
            contactsAfter,
            contactsAfter is null ? contactsBefore : null,
            direction switch { "asc" => false, "desc" => true, _ => NaturallyDescending(key) });
    }

    /// <summary>Names read A to Z; dates and figures largest first.</summary>
    public static bool NaturallyDescending(string sort) => sort != "nom";

    public int? Days => Periods.First(p => p.Key == Period).Days;

    public string PeriodLabel => Periods.First(p => p.Key == Period).Label;

    /// <summary>The first Paris day of the period (<see cref="Since"/>'s date in Paris); null for "since the start".</summary>
    public DateOnly? FirstDay(DateTimeOffset now) =>
        Since(now) is { } since ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(since, AnalyticsLabels.Paris).DateTime) : null;

    /// <summary>The start of the period: midnight in Paris, <see cref="Days"/> days ago counting today.</summary>
    public DateTimeOffset? Since(DateTimeOffset now)
    {
        if (Days is not { } days)
        {
            return null;
        }

        var today = TimeZoneInfo.ConvertTime(now, AnalyticsLabels.Paris).Date;
        var start = today.AddDays(1 - days);
        return new DateTimeOffset(start, AnalyticsLabels.Paris.GetUtcOffset(start)).ToUniversalTime();
    }

    /// <summary>
    /// The query string of this filter's period, client and sort (or another sort), with the pages
    /// given: the first page of campaigns and of contacts unless told otherwise.
    /// </summary>
    public string Query(string? sort = null, int campaignPage = 1, Guid? contactsAfter = null, Guid? contactsBefore = null)
    {
        var parts = new List<string> { $"periode={Period}" };
        if (ClientId is { } client)
        {
            parts.Add($"client={client}");
        }

        parts.Add($"tri={sort ?? Sort}");
        if (sort is null && Descending != NaturallyDescending(Sort))
        {
            parts.Add($"sens={(Descending ? "desc" : "asc")}");
        }
        if (campaignPage > 1)
        {
            parts.Add($"page={campaignPage}");
        }

        if (contactsAfter is { } after)
        {
            parts.Add($"apres={after}");
        }
        else if (contactsBefore is { } before)
        {
            parts.Add($"avant={before}");
        }

        return string.Join("&", parts);
    }
}
