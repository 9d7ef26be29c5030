using System.Collections;
using System.Globalization;
using System.Resources;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;
using Presenca.Web.Components.Layout;

namespace Presenca.Web.Tests.Shell;

/// <summary>MudBlazor's own words (pagers, grids, pickers, aria-labels) read in French.</summary>
public sealed class FrenchMudLocalizerTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public void Every_text_mudblazor_ships_has_a_french_translation()
    {
        var resources = new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudLocalizer).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)!;
        var keys = resources.Cast<DictionaryEntry>().Select(entry => (string)entry.Key).ToList();
        var localizer = new FrenchMudLocalizer();

        Assert.True(keys.Count > 100, $"only {keys.Count} MudBlazor texts found: has the resource moved?");
        var missing = keys.Where(key => localizer[key].ResourceNotFound).Order().ToList();
        Assert.True(missing.Count == 0, $"MudBlazor texts without a French translation: {string.Join(", ", missing)}");
        Assert.Empty(FrenchMudLocalizer.Texts.Keys.Except(keys));
    }

    [Fact]
    public void Translations_with_placeholders_keep_them_and_format_in_french()
    {
        var localizer = new FrenchMudLocalizer();

        Assert.Equal("11-20 sur 250", localizer["MudDataGridPager_InfoFormat", 11, 20, 250].Value);
        Assert.Equal("Page 3", localizer["MudPagination_PageIndex", 3].Value);
        Assert.True(localizer["Clé_inconnue"].ResourceNotFound);
    }

    [Fact]
    public async Task Data_grid_pager_shows_rows_per_page_and_the_range_in_french()
    {
        using var french = InFrench();
        await using var ctx = NewContext();
        ctx.Render<MudPopoverProvider>();

        var grid = ctx.Render<GridOfNumbers>();

        grid.WaitForAssertion(() => Assert.Equal(["Lignes par page :", "1-10 sur 25"], Captions(grid)));
        var labels = grid.FindAll(".mud-table-pagination-actions button").Select(b => b.GetAttribute("aria-label")).ToList();
        Assert.Equal(["Première page", "Page précédente", "Page suivante", "Dernière page"], labels);
        Assert.DoesNotContain("Rows per page", grid.Markup);
    }

    [Fact]
    public async Task Table_pager_shows_rows_per_page_the_range_and_its_buttons_in_french()
    {
        using var french = InFrench();
        await using var ctx = NewContext();

        var table = ctx.Render<TableOfNumbers>();

        table.WaitForAssertion(() => Assert.Equal(["Lignes par page :", "1-10 sur 25"], Captions(table)));
        var labels = table.FindAll(".mud-table-pagination-actions button").Select(b => b.GetAttribute("aria-label")).ToList();
        Assert.Equal(["Première page", "Page précédente", "Page suivante", "Dernière page"], labels);
    }

    private static string[] Captions<T>(IRenderedComponent<T> pager)
        where T : IComponent =>
        pager.FindAll(".mud-table-pagination-caption").Select(c => c.TextContent.Trim()).ToArray();

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddPresencaMudBlazor();
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    /// <summary>The app's culture (FrenchCulture.UseAsDefault): MudBlazor keeps its English under en-*.</summary>
    private static CultureScope InFrench() => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture;
        private readonly CultureInfo _uiCulture;

        public CultureScope(CultureInfo culture, CultureInfo uiCulture)
        {
            (_culture, _uiCulture) = (culture, uiCulture);
            CultureInfo.CurrentCulture = French;
            CultureInfo.CurrentUICulture = French;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }

    /// <summary>A MudDataGrid of 25 rows with its pager, as the app's grids are built.</summary>
    public sealed class GridOfNumbers : ComponentBase
    {
        private static readonly int[] Numbers = Enumerable.Range(1, 25).ToArray();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<MudDataGrid<int>>(0);
            builder.AddComponentParameter(1, nameof(MudDataGrid<int>.Items), Numbers);
            builder.AddComponentParameter(2, nameof(MudDataGrid<int>.Columns), (RenderFragment)(columns =>
            {
                columns.OpenComponent<PropertyColumn<int, int>>(0);
                columns.AddComponentParameter(1, nameof(PropertyColumn<int, int>.Property), (System.Linq.Expressions.Expression<Func<int, int>>)(n => n));
                columns.AddComponentParameter(2, nameof(PropertyColumn<int, int>.Title), "Nombre");
                columns.CloseComponent();
            }));
            builder.AddComponentParameter(3, nameof(MudDataGrid<int>.PagerContent), (RenderFragment)(pager =>
            {
                pager.OpenComponent<MudDataGridPager<int>>(0);
                pager.CloseComponent();
            }));
            builder.CloseComponent();
        }
    }

    /// <summary>A MudTable of 25 rows with its pager.</summary>
    public sealed class TableOfNumbers : ComponentBase
    {
        private static readonly int[] Numbers = Enumerable.Range(1, 25).ToArray();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<MudTable<int>>(0);
            builder.AddComponentParameter(1, nameof(MudTable<int>.Items), Numbers);
            builder.AddComponentParameter(2, nameof(MudTable<int>.RowTemplate), (RenderFragment<int>)(n => row =>
            {
                row.OpenComponent<MudTd>(0);
                row.AddComponentParameter(1, nameof(MudTd.ChildContent), (RenderFragment)(cell => cell.AddContent(0, n)));
                row.CloseComponent();
            }));
            builder.AddComponentParameter(3, nameof(MudTable<int>.PagerContent), (RenderFragment)(pager =>
            {
                pager.OpenComponent<MudTablePager>(0);
                pager.CloseComponent();
            }));
            builder.CloseComponent();
        }
    }
}
