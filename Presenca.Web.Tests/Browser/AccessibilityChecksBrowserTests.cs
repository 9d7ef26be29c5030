using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Browser;

/// <summary>
/// The axe check every page test relies on reports what a user of assistive technology would hit,
/// and stays quiet on a page without such problems: if it could not fail, every accessibility test would be empty.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityChecksBrowserTests(BrowserFixture browser)
{
    [Fact]
    public Task Pale_text_and_an_unnamed_button_are_reported_and_a_plain_page_passes() => browser.RunAsync(async page =>
    {
        await page.SetContentAsync("""
            <html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>
            <p style="color:#d0d0d0;background:#ffffff">Texte trop pâle</p><button></button>
            </main></body></html>
            """);
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(page.AssertAccessibleAsync);
        Assert.Contains("color-contrast", failure.Message);
        Assert.Contains("button-name", failure.Message);

        await page.SetContentAsync("""
            <html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>
            <p>Texte lisible</p><button>Envoyer</button></main></body></html>
            """);
        await page.AssertAccessibleAsync();
    });
}
