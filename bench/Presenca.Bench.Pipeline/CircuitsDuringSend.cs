using System.Globalization;
using Presenca.Bench.Pipeline.Browser;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// MODE=circuits SEND=1 (issue 11 §8, "100 open circuits"): the campaign of MODE=browser sent while
/// CIRCUITS pages (default 100) are open on "Campagnes", in turn of the four users of
/// <see cref="Watchers"/> (half of them may see the campaign). One line per figure instead of one
/// per page: whether every watching page reached "Envoyée" without a reload, the longest visible
/// gap (worst and median page), and on the server the p95 from NOTIFY to the render batch per
/// circuit (worst and median circuit).
/// </summary>
public static partial class PipelineBench
{
    private static void PrintCircuitsDuringSend(IReadOnlyList<WatchedProgress> pages, int circuits, int foreignPagesThatShowedIt, TimeSpan opening)
    {
        var f = CultureInfo.InvariantCulture;
        var reached = pages.Count(p => p.Loads == 1 && p.ReachedSent);
        var gaps = pages.Select(p => LongestGap([.. p.WhileSending.Select(c => c.At)])).Order().ToList();
        var updates = pages.Select(p => p.WhileSending.Count).Order().ToList();
        static T Median<T>(List<T> sorted) => sorted[sorted.Count / 2];
        Console.WriteLine(string.Create(f, $"circuits_open={circuits} open_seconds={opening.TotalSeconds:0.0} pages_watching={pages.Count} pages_of_other_clients={circuits - pages.Count} pages_of_other_clients_that_showed_the_campaign={foreignPagesThatShowedIt}"));
        Console.WriteLine(string.Create(f, $"pages_reached_sent_without_reload={reached}/{pages.Count} every_page_reached_sent_without_reload={(reached == pages.Count).ToString().ToLowerInvariant()}"));
        if (pages.Count > 0)
        {
            Console.WriteLine(string.Create(f, $"page_longest_visible_gap_seconds worst={gaps[^1]:0.00} median={Median(gaps):0.00} best={gaps[0]:0.00} page_updates min={updates[0]} median={Median(updates)} max={updates[^1]}"));
        }
    }
}
