using Microsoft.Playwright;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// A prerendered page is visible before its circuit is up, and a click made in between is lost.
/// Browser tests wait for the shell's live status to say the circuit runs before they act.
/// </summary>
public static class CircuitReady
{
    public static async Task WaitForCircuitAsync(this IPage page) =>
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "online");

    /// <summary>Opens a dashboard page and waits until it runs in its circuit.</summary>
    public static async Task GotoInteractiveAsync(this IPage page, Uri app, string path)
    {
        await page.GotoAsync(new Uri(app, path).ToString());
        await page.WaitForCircuitAsync();
    }
}
