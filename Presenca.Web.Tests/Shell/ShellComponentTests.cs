using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Presenca.Web.Components.Layout;
using Presenca.Web.Components.Shared;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Shell;

/// <summary>The pieces of the French shell every page is built from.</summary>
public sealed class ShellComponentTests
{
    private static readonly (string Text, string Href)[] Navigation =
    [
        ("Aperçu", "/"),
        ("Campagnes", "/campagnes"),
        ("Contacts", "/contacts"),
        ("Analytique", "/analytique"),
        ("Connexions", "/connexions"),
    ];

    [Fact]
    public async Task Coming_soon_says_so_in_french_and_shows_what_the_page_will_hold()
    {
        var page = await ComponentHtml.RenderAsync<ComingSoon>(new Dictionary<string, object?>
        {
            [nameof(ComingSoon.Description)] = "Vos campagnes s'afficheront ici.",
        });

        var block = page.QuerySelector("[data-testid=coming-soon]");
        Assert.NotNull(block);
        Assert.Equal("Bientôt disponible", block.QuerySelector("h2")?.TextContent.Trim());
        Assert.Equal("Vos campagnes s'afficheront ici.", block.QuerySelector("p")?.TextContent.Trim());
    }

    [Fact]
    public async Task Nav_menu_links_the_five_french_sections_in_order()
    {
        var page = await ComponentHtml.RenderAsync<NavMenu>(services: s => s.AddNavigationAt("/"));

        var links = page.QuerySelectorAll("nav a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href") ?? "")).ToArray();
        Assert.Equal(Navigation, links);
        Assert.Equal("Navigation principale", page.QuerySelector("nav")?.GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("/", "Aperçu")]
    [InlineData("/contacts", "Contacts")]
    [InlineData("/campagnes/42", "Campagnes")]
    public async Task Nav_menu_marks_only_the_section_being_visited_as_active(string path, string active)
    {
        var page = await ComponentHtml.RenderAsync<NavMenu>(services: s => s.AddNavigationAt(path));

        var activeLinks = page.QuerySelectorAll("nav a.active").Select(a => a.TextContent.Trim());
        Assert.Equal([active], activeLinks);
    }

    [Fact]
    public async Task Page_header_shows_its_title_as_heading_and_in_the_browser_tab()
    {
        var page = await ComponentHtml.RenderAsync<PageWithHead>(new Dictionary<string, object?>
        {
            [nameof(PageWithHead.Title)] = "Campagnes",
            [nameof(PageWithHead.Actions)] = (RenderFragment)(b => b.AddMarkupContent(0, "<a class=\"btn\" href=\"/campagnes/nouvelle\">Nouvelle campagne</a>")),
        });

        Assert.Equal("Campagnes", page.QuerySelector(".page-header h1")?.TextContent.Trim());
        Assert.Equal("Campagnes · Presenca", page.QuerySelector("title")?.TextContent);
        Assert.Equal("Nouvelle campagne", page.QuerySelector(".page-header a.btn")?.TextContent);
    }

    /// <summary>A page as App.razor lays it out: HeadOutlet receives what PageTitle declares.</summary>
    public sealed class PageWithHead : ComponentBase
    {
        [Parameter]
        public string Title { get; set; } = "";

        [Parameter]
        public RenderFragment? Actions { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "head");
            builder.OpenComponent<HeadOutlet>(1);
            builder.CloseComponent();
            builder.CloseElement();
            builder.OpenElement(2, "main");
            builder.OpenComponent<PageHeader>(3);
            builder.AddComponentParameter(4, nameof(PageHeader.Title), Title);
            builder.AddComponentParameter(5, nameof(PageHeader.ChildContent), Actions);
            builder.CloseComponent();
            builder.CloseElement();
        }
    }
}
