using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>What every page must pass, at every width: no serious or critical axe-core violation, no sideways scrolling.</summary>
public static class AccessibilityChecks
{
    // The axe-core that Deque.AxeCore.Playwright bundles, run in the page itself. The package's own
    // RunAxe takes ~2.5 s a page where axe.run takes ~0.2 s: it injects the script on every call and
    // finishes each run in a new blank page. Every rule still runs, on the same engine.
    private static readonly string AxeSource = new BundledAxeScriptProvider().GetScript();

    // The one frame the app draws is the template's email preview: sandboxed without scripts, so
    // axe cannot run in it (it would wait forever for the frame's answer), and its content is the
    // user's email, not the dashboard. The frame element itself (its title) is still checked.
    // Only violations are reported in full (axe's own advice for large pages).
    private const string RunAxe = """
        async () => {
          const results = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
          return results.violations.map(v => ({
            id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html),
          }));
        }
        """;

    public static async Task AssertAccessibleAsync(this IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
        {
            await page.EvaluateAsync(AxeSource);
        }

        var violations = await page.EvaluateAsync<AxeViolation[]>(RunAxe);
        var serious = violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes)}")
            .ToList();
        Assert.True(serious.Count == 0, $"axe-core on {page.Url}:\n{string.Join("\n", serious)}");
    }

    public static async Task AssertNoHorizontalOverflowAsync(this IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window.");
    }

    // Playwright fills what a page returns through a parameterless constructor and setters.
    private sealed class AxeViolation
    {
        public string Id { get; set; } = "";

        public string Impact { get; set; } = "";

        public string Help { get; set; } = "";

        public string[] Nodes { get; set; } = [];
    }
}
