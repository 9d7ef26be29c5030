using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>What every page must pass, at every width: no serious or critical axe-core violation, no sideways scrolling.</summary>
public static class AccessibilityChecks
{
    // The one frame the app draws is the template's email preview: sandboxed without scripts, so
    // Playwright cannot evaluate in it (axe would wait forever), and its content is the user's email,
    // not the dashboard. The frame element itself (its title) is still checked.
    // Every rule still runs; only violations are reported in full (axe's own advice for large pages):
    // describing every passing node was most of each run's time.
    private static readonly AxeRunOptions TopDocumentOnly = new() { Iframes = false, ResultTypes = [ResultType.Violations] };

    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var results = await page.RunAxe(TopDocumentOnly);
        var serious = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(serious.Count == 0, $"axe-core on {page.Url}:\n{string.Join("\n", serious)}");
    }

    public static async Task AssertNoHorizontalOverflowAsync(this IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window.");
    }
}
