using MudBlazor;
using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns;

namespace Presenca.Web.Analytics;

/// <summary>
/// What Analytique's charts draw (the per-day bars: <see cref="DayChartSvg"/>). One colour per meaning, the same in every chart (and the same
/// as before MudChart): "Délivrés" is green wherever it appears. Each chart is decoration over a
/// table that holds the same numbers, which is what screen readers and tests read.
/// </summary>
public static class AnalyticsCharts
{
    public const string EmailsColour = "#0d6efd";

    public static string ColourOf(EmailSentStatus status) => status switch
    {
        EmailSentStatus.Pending => "#adb5bd",
        EmailSentStatus.Sending => "#0dcaf0",
        EmailSentStatus.Sent => "#0d6efd",
        EmailSentStatus.Delivered => "#198754",
        EmailSentStatus.Failed => "#dc3545",
        EmailSentStatus.Bounced => "#fd7e14",
        _ => "#6c757d",
    };

    public static string[] StatusPalette => [.. AnalyticsLabels.EmailStatuses.Select(ColourOf)];

    public static string[] StatusLabels => [.. AnalyticsLabels.EmailStatuses.Select(CampaignLabels.Of)];

    /// <summary>The period's emails per status, as one ring.</summary>
    public static List<ChartSeries<double>> Statuses(StatusTotals totals) =>
        [new() { Name = "E-mails", Data = AnalyticsLabels.EmailStatuses.Select(s => (double)totals.Of(s)).ToArray() }];

    /// <summary>A day as the per-day chart's axis names it.</summary>
    public static string DayLabel(DateOnly day) => day.ToString("dd/MM", AnalyticsLabels.French);

    public static List<ChartSeries<double>> Organisations(IReadOnlyList<OrganisationFigures> organisations) =>
    [
        new() { Name = "E-mails", Data = organisations.Select(o => (double)o.Total).ToArray() },
        new() { Name = CampaignLabels.Of(EmailSentStatus.Delivered), Data = organisations.Select(o => (double)o.Delivered).ToArray() },
    ];

    public static string[] OrganisationsPalette => [EmailsColour, ColourOf(EmailSentStatus.Delivered)];

    public static List<ChartSeries<double>> Agencies(IReadOnlyList<AgencyFigures> agencies) =>
    [
        new() { Name = CampaignLabels.Of(EmailSentStatus.Delivered), Data = agencies.Select(a => (double)a.Totals.Delivered).ToArray() },
        new() { Name = "Rejetés", Data = agencies.Select(a => (double)a.Totals.Bounced).ToArray() },
        new() { Name = CampaignLabels.Of(EmailSentStatus.Failed), Data = agencies.Select(a => (double)a.Totals.Failed).ToArray() },
    ];

    public static string[] AgenciesPalette =>
        [ColourOf(EmailSentStatus.Delivered), ColourOf(EmailSentStatus.Bounced), ColourOf(EmailSentStatus.Failed)];
}
