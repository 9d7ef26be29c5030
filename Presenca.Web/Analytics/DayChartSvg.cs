using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;
using Presenca.Web.Campaigns;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's emails per day and status, drawn once as one SVG string: the stacked bars of
/// MudChart's StackedBar (its 700 × 350 view box, grid, axis texts, legend and CSS classes, the
/// statuses' colours), without MudChart's component, render-tree frames and three event handlers
/// per bar. A year of days is 2,000 bars: as MudChart, it made most of the page's prerender and of
/// what its circuit kept (issue 11 §8). Hovering a bar shows its status, day and count (a
/// <c>title</c>, as MudChart's tooltip did); the table under the chart holds the same numbers for
/// screen readers. Every text is HTML-encoded.
/// </summary>
public static class DayChartSvg
{
    private const double Width = 700;
    private const double Height = 350;
    private const double RightSpace = 30;
    private const double BottomSpace = 30;
    private const double TopSpace = 25;
    private const double MinBarWidth = 6;
    private const double MaxBarWidth = 48;
    private const double GridUnit = 20;
    private const int MaxGridLines = 20;

    // Bars of one day overlap by half a unit, so that no light seam shows between them (as MudChart did).
    private const double Overlap = 0.5;

    // Day labels closer than this would print over each other.
    private const double MinLabelSpacing = 36;

    // Roughly the width of one character of the 12 px axis font: the y-axis labels must fit left of the plot.
    private const double CharacterWidth = 7;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static MarkupString Render(IReadOnlyList<DayFigures> days)
    {
        var statuses = AnalyticsLabels.EmailStatuses;
        var max = days.Count == 0 ? 0 : days.Max(d => d.ByStatus.Sum());
        var (unit, lines) = Grid(max);
        var left = Math.Max(30, 10 + Math.Ceiling(CharacterWidth * Number((lines - 1) * unit).Length));
        var plotWidth = Width - left - RightSpace;
        var bottom = Height - BottomSpace;
        var verticalSpace = (bottom - TopSpace) / Math.Max(1, lines - 1);
        var barWidth = Math.Clamp(plotWidth / Math.Max(1, days.Count) * 0.5, MinBarWidth, MaxBarWidth);
        double X(int day) => days.Count == 1
            ? left + plotWidth / 2
            : left + barWidth / 2 + day * (barWidth + (plotWidth - days.Count * barWidth) / (days.Count - 1));

        var svg = new StringBuilder(256 + days.Count * 400);
        svg.Append("<div class=\"mud-chart mud-chart-legend-bottom\" style=\"width: 100%; height: 300px;\" dir=\"ltr\"><div class=\"mud-chart mud-chart-legend-bottom\">");
        svg.Append("<svg class=\"mud-chart-bar mud-ltr\" width=\"100%\" height=\"300px\" viewBox=\"0 0 700 350\" focusable=\"false\">");

        svg.Append("<g class=\"mud-charts-grid\"><g class=\"mud-charts-gridlines-yaxis\">");
        for (var i = 0; i < lines; i++)
        {
            var y = bottom - i * verticalSpace;
            svg.Append(Invariant, $"<path stroke=\"#e0e0e0\" stroke-width=\"0.3\" d=\"M {S(left)} {S(y)} L {S(Width - RightSpace)} {S(y)}\"></path>");
        }

        svg.Append("</g></g><g class=\"mud-charts-yaxis\">");
        for (var i = 0; i < lines; i++)
        {
            svg.Append(Invariant, $"<text x=\"{S(left - 10)}\" y=\"{S(bottom - i * verticalSpace + 5)}\" font-size=\"12px\" text-anchor=\"end\">{Number(i * unit)}</text>");
        }

        svg.Append("</g><g class=\"mud-charts-xaxis\">");
        var every = Math.Max(1, (int)Math.Ceiling(MinLabelSpacing / (days.Count > 1 ? (X(1) - X(0)) : plotWidth)));
        for (var d = 0; d < days.Count; d += every)
        {
            svg.Append(Invariant, $"<text x=\"{S(X(d))}\" y=\"340\" font-size=\"12px\" text-anchor=\"middle\" dominant-baseline=\"middle\">{Encode(Label(days[d]))}</text>");
        }

        // What every bar shares is said once, on their group: a year of days is 2,000 bars.
        svg.Append(Invariant, $"</g><g class=\"mud-charts-stackedbar-series\" fill=\"none\" stroke-width=\"{S(barWidth)}\">");
        for (var d = 0; d < days.Count; d++)
        {
            var x = S(X(d));
            var start = bottom;
            for (var s = 0; s < statuses.Count; s++)
            {
                var count = days[d].ByStatus[s];
                if (count == 0)
                {
                    continue;
                }

                var end = start - count / unit * verticalSpace;
                svg.Append(Invariant,
                    $"<path stroke=\"{AnalyticsCharts.ColourOf(statuses[s])}\" d=\"M{x} {S(start)}V{S(end - Overlap)}\">");
                svg.Append(Invariant, $"<title>{Encode(CampaignLabels.Of(statuses[s]))} · {Encode(Label(days[d]))} : {Number(count)}</title></path>");
                start = end;
            }
        }

        svg.Append("</g></svg><div class=\"mud-chart-legend\">");
        foreach (var status in statuses)
        {
            svg.Append(Invariant,
                $"<div class=\"mud-chart-legend-item pa-1\"><span class=\"mud-chart-legend-marker\" style=\"background-color:{AnalyticsCharts.ColourOf(status)}\"></span> <span class=\"mud-typography mud-typography-body2\">{Encode(CampaignLabels.Of(status))}</span></div>");
        }

        svg.Append("</div></div></div>");
        return new MarkupString(svg.ToString());
    }

    /// <summary>
    /// The grid's step and its number of lines (0 included): steps of 20, doubled until at most
    /// twenty lines cover the highest day, as MudChart's bar charts do.
    /// </summary>
    public static (double Unit, int Lines) Grid(long max)
    {
        var unit = GridUnit;
        var lines = (int)Math.Ceiling(max / unit) + 1;
        while (lines > MaxGridLines)
        {
            unit *= 2;
            lines = (int)Math.Ceiling(max / unit) + 1;
        }

        return (unit, Math.Max(2, lines));
    }

    private static string Label(DayFigures day) => AnalyticsCharts.DayLabel(day.Day);

    private static string Number(double value) => value.ToString("0", Invariant);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    // A hundredth of a unit of a 700-unit-wide drawing is finer than a pixel.
    private static string S(double value) => Math.Round(value, 2).ToString(Invariant);
}
