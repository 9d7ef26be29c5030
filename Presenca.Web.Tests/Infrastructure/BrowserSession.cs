using Microsoft.Playwright;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// The pages of one browser test. Each page has its own context, so two pages are two users
/// (separate cookies), as two people on two computers would be.
/// </summary>
public sealed class BrowserSession(IBrowser browser) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<IPage> _pages = [];

    public IReadOnlyList<IPage> Pages => _pages;

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "fr-FR",
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
