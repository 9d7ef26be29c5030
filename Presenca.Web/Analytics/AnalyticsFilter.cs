namespace Presenca.Web.Analytics;

/// <summary>What the Analytique page and its exports show: a period, a client, a sort, a page of contacts.</summary>
public sealed record AnalyticsFilter(string Period, Guid? ClientId, string Sort, int ContactPage)
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

    public static AnalyticsFilter From(string? period, Guid? clientId, string? sort, int? contactPage) => new(
        Periods.Any(p => p.Key == period) ? period! : "30j",
        clientId,
        Sorts.Any(s => s.Key == sort) ? sort! : "recent",
        Math.Max(1, contactPage ?? 1));

    public int? Days => Periods.First(p => p.Key == Period).Days;

    public string PeriodLabel => Periods.First(p => p.Key == Period).Label;

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

    public string Query(string? sort = null, int? contactPage = null)
    {
        var parts = new List<string> { $"periode={Period}" };
        if (ClientId is { } client)
        {
            parts.Add($"client={client}");
        }

        parts.Add($"tri={sort ?? Sort}");
        if ((contactPage ?? 1) > 1)
        {
            parts.Add($"page={contactPage}");
        }

        return string.Join("&", parts);
    }
}
