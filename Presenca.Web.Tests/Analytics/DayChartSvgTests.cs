using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Presenca.Web.Analytics;

namespace Presenca.Web.Tests.Analytics;

/// <summary>The per-day chart as one SVG: every status of every day is a bar as tall as its count, in its colour.</summary>
public sealed class DayChartSvgTests
{
    private static readonly DayFigures[] TwoDays =
    [
        new(new DateOnly(2026, 11, 29), [0, 0, 2, 5, 1, 2]),
        new(new DateOnly(2026, 11, 30), [2, 1, 0, 1, 0, 0]),
    ];

    private static AngleSharp.Dom.IElement Svg(IReadOnlyList<DayFigures> days) =>
        new HtmlParser().ParseDocument(DayChartSvg.Render(days).Value).QuerySelector("svg")!;

    private static (double X, double Bottom, double Top) Bar(AngleSharp.Dom.IElement path)
    {
        var numbers = Regex.Matches(path.GetAttribute("d")!, @"-?[0-9.]+").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
        return (numbers[0], numbers[1], numbers[2]);
    }

    [Fact]
    public void Each_status_of_each_day_is_a_bar_stacked_on_the_previous_one_as_tall_as_its_count()
    {
        var bars = Svg(TwoDays).QuerySelectorAll(".mud-charts-stackedbar-series path").ToList();

        // Zero counts draw nothing: 4 statuses on the first day, 3 on the second.
        Assert.Equal(7, bars.Count);
        Assert.Equal(["Envoyés · 29/11 : 2", "Délivrés · 29/11 : 5", "Échoués · 29/11 : 1", "Rejetés (bounce) · 29/11 : 2",
            "En attente · 30/11 : 2", "En cours d'envoi · 30/11 : 1", "Délivrés · 30/11 : 1"], bars.Select(b => b.QuerySelector("title")!.TextContent));
        Assert.Equal(AnalyticsCharts.ColourOf(Presenca.Data.Campaigns.EmailSentStatus.Delivered), bars[1].GetAttribute("stroke"));
        var first = bars.Take(4).Select(Bar).ToList();
        Assert.Single(first.Select(b => b.X).Distinct());
        Assert.True(bars.Skip(4).Select(Bar).All(b => b.X > first[0].X));
        // Stacked: each bar starts where the one below ended, and a count of 5 is 2.5 times a count of 2.
        for (var i = 1; i < first.Count; i++)
        {
            Assert.Equal(first[i - 1].Top + 0.5, first[i].Bottom, 2);
        }

        static double Height((double X, double Bottom, double Top) bar) => bar.Bottom - bar.Top - 0.5;
        Assert.Equal(2.5 * Height(first[0]), Height(first[1]), 1);
    }

    [Fact]
    public void The_axis_counts_in_steps_that_keep_at_most_twenty_lines()
    {
        Assert.Equal((20, 2), DayChartSvg.Grid(4));
        Assert.Equal((20, 4), DayChartSvg.Grid(47));
        Assert.Equal((40, 14), DayChartSvg.Grid(498));
        var (unit, lines) = DayChartSvg.Grid(4_000);
        Assert.True(lines <= 20 && (lines - 1) * unit >= 4_000, $"{unit} × {lines}");

        var labels = Svg([new(new DateOnly(2026, 11, 29), [0, 0, 0, 4_000, 0, 0])]).QuerySelectorAll(".mud-charts-yaxis text").Select(t => t.TextContent).ToList();
        Assert.Equal("0", labels[0]);
        Assert.Equal(lines, labels.Count);
    }

    [Fact]
    public void A_year_of_days_keeps_every_bar_but_only_day_labels_that_do_not_overlap()
    {
        var days = Enumerable.Range(0, 365).Select(i => new DayFigures(new DateOnly(2025, 12, 1).AddDays(i), [0, 0, 1, 3, 0, 0])).ToList();

        var svg = Svg(days);

        Assert.Equal(730, svg.QuerySelectorAll(".mud-charts-stackedbar-series path").Length);
        var x = svg.QuerySelectorAll(".mud-charts-xaxis text").Select(t => double.Parse(t.GetAttribute("x")!, CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(x.Count, 10, 20);
        Assert.True(x.Zip(x.Skip(1)).All(p => p.Second - p.First >= 36));
        Assert.True(x.All(v => v is >= 0 and <= 700));
    }

    [Fact]
    public void The_legend_names_every_status_in_French_and_texts_are_encoded()
    {
        var html = DayChartSvg.Render(TwoDays).Value;

        var legend = new HtmlParser().ParseDocument(html).QuerySelectorAll(".mud-chart-legend-item").Select(i => i.TextContent.Trim()).ToList();
        Assert.Equal(["En attente", "En cours d'envoi", "Envoyés", "Délivrés", "Échoués", "Rejetés (bounce)"], legend);
        Assert.Contains("En cours d&#39;envoi", html);
        Assert.DoesNotContain("<script", html);
    }
}
