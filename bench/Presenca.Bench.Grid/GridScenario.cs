using System.Globalization;

namespace Presenca.Bench.Grid;

/// <summary>
/// What a person does on the Contacts page, in order. The page offers "Première", "← Précédente"
/// and "Suivante →" (keyset pages: no page numbers to jump to, no last page), an order select and
/// a search field. Deep pages are reached the only ways the UI allows: by paging on (pages+1 is the
/// deepest), and through the descending order, whose first pages are the last ones of A → Z.
/// </summary>
public static class GridScenario
{
    public const string NextAz = "Next page, A → Z";
    public const string PreviousAz = "Previous page, A → Z";
    public const string First = "Première (first page: recounts)";
    public const string NextZa = "Next page, Z → A (the last pages of A → Z)";
    public const string NextOrganisation = "Next page, by organisation";
    public const string NextRecent = "Next page, added recently";
    public const string NextSearch = "Next page within a search";
    public const string Sort = "Order changed to ";
    public const string Search = "Search (input to rows, 300 ms debounce included)";
    public const string SearchCleared = "Search cleared (input to rows, debounce included)";

    /// <summary>Searches a person might type: the start of an address, a domain, a company's name.</summary>
    public static readonly string[] Searches = ["zoe", "garage-dubois", "lucas.moreau", "Pharmacie", "gmail.com"];

    public static async Task RunAsync(GridBrowser browser, int pages, int warmup, int sortRounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 2);
        // The server's code paths once, so that first-call JIT is not in the figures.
        for (var page = 2; page <= warmup + 1; page++)
        {
            await browser.NextAsync("warm-up", page);
        }

        if (warmup > 0)
        {
            await browser.FirstAsync("warm-up");
        }

        for (var page = 2; page <= pages + 1; page++)
        {
            await browser.NextAsync(NextAz, page);
        }

        // Back some way, staying past page 1 so that "Première" has somewhere to go back from.
        var back = Math.Min(Math.Max(5, pages / 5), pages - 1);
        for (var page = pages; page > pages - back; page--)
        {
            await browser.PreviousAsync(PreviousAz, page);
        }

        await browser.FirstAsync(First);

        var few = Math.Max(5, pages / 5);
        for (var round = 1; round <= sortRounds; round++)
        {
            // Paging in each order once, in the first round.
            await browser.SortAsync(Sort + "Z → A", "Adresse (Z → A)");
            if (round == 1)
            {
                await PageOnAsync(browser, NextZa, few);
            }

            await browser.SortAsync(Sort + "organisation", "Organisation");
            if (round == 1)
            {
                await PageOnAsync(browser, NextOrganisation, few);
            }

            await browser.SortAsync(Sort + "added recently", "Ajoutés récemment");
            if (round == 1)
            {
                await PageOnAsync(browser, NextRecent, few);
            }

            await browser.SortAsync(Sort + "A → Z", "Adresse (A → Z)");
        }

        foreach (var search in Searches)
        {
            await browser.SearchAsync(Search, search);
            await PageOnAsync(browser, NextSearch, 5);
        }

        await browser.SearchAsync(SearchCleared, "");
    }

    private static async Task PageOnAsync(GridBrowser browser, string kind, int count)
    {
        if (!await browser.HasNextAsync())
        {
            return;
        }

        var page = int.Parse((await browser.PageNumberAsync()).Split(' ')[1], CultureInfo.InvariantCulture);
        for (var i = 0; i < count && await browser.HasNextAsync(); i++)
        {
            await browser.NextAsync(kind, ++page);
        }
    }
}
