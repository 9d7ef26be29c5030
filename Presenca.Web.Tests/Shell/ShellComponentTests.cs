using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Presenca.Web.Components.Layout;
using Presenca.Web.Components.Shared;

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
    public async Task Nav_menu_links_the_five_french_sections_in_order()
    {
        await using var ctx = NewContext();

        var menu = ctx.Render<NavMenu>();

        var links = menu.FindAll("nav a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href") ?? "")).ToArray();
        Assert.Equal(Navigation, links);
        Assert.Equal("Navigation principale", menu.Find("nav").GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("/", "Aperçu")]
    [InlineData("/contacts", "Contacts")]
    [InlineData("/campagnes/42", "Campagnes")]
    public async Task Nav_menu_marks_only_the_section_being_visited_as_active(string path, string active)
    {
        await using var ctx = NewContext();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(path);

        var menu = ctx.Render<NavMenu>();

        var activeLinks = menu.FindAll("nav a.active").Select(a => a.TextContent.Trim());
        Assert.Equal([active], activeLinks);
    }

    [Fact]
    public async Task Page_header_shows_its_title_as_heading_and_in_the_browser_tab()
    {
        await using var ctx = NewContext();

        var page = ctx.Render<PageWithHead>(p => p
            .Add(x => x.Title, "Campagnes")
            .Add(x => x.Actions, (RenderFragment)(b => b.AddMarkupContent(0, "<a href=\"/campagnes/nouvelle\">Nouvelle campagne</a>"))));

        Assert.Equal("Campagnes", page.Find("main .page-header h1").TextContent.Trim());
        page.WaitForAssertion(() => Assert.Equal("Campagnes · Presenca", page.Find(".head title").TextContent));
        Assert.Equal("Nouvelle campagne", page.Find(".page-header-actions a").TextContent);
    }

    [Fact]
    public async Task Live_status_says_offline_until_the_page_runs_in_a_circuit()
    {
        await using var ctx = NewContext();

        var prerendered = ctx.Render<LiveStatus>();
        Assert.Equal("offline", prerendered.Find("[data-testid=live-status]").GetAttribute("data-state"));
        Assert.Equal("hors ligne", prerendered.Find(".live-status-text").TextContent);

        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var live = ctx.Render<LiveStatus>();
        Assert.Equal("online", live.Find("[data-testid=live-status]").GetAttribute("data-state"));
        Assert.Equal("en direct", live.Find(".live-status-text").TextContent);
    }

    private static BunitContext NewContext()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.AddAuthorization().SetAuthorized("agence.nord@reseau-demo.fr");
        ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        return ctx;
    }

    /// <summary>
    /// A page as App.razor lays it out: HeadOutlet receives what PageTitle declares. bUnit parses a
    /// component's markup as a fragment, and of a fragment that starts with &lt;head&gt; AngleSharp
    /// keeps the head alone (the page after it could not be found), so the outlet sits in a
    /// plain element here.
    /// </summary>
    public sealed class PageWithHead : ComponentBase
    {
        [Parameter]
        public string Title { get; set; } = "";

        [Parameter]
        public RenderFragment? Actions { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "class", "head");
            builder.OpenComponent<HeadOutlet>(2);
            builder.CloseComponent();
            builder.CloseElement();
            builder.OpenElement(3, "main");
            builder.OpenComponent<PageHeader>(4);
            builder.AddComponentParameter(5, nameof(PageHeader.Title), Title);
            builder.AddComponentParameter(6, nameof(PageHeader.ChildContent), Actions);
            builder.CloseComponent();
            builder.CloseElement();
        }
    }
}
