using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Components.Layout;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Tests.Shell;

/// <summary>The dashboard's frame around every interactive page: a failing page does not take the shell down.</summary>
public sealed class MainLayoutTests
{
    [Fact]
    public async Task A_page_that_throws_shows_the_french_error_boundary_and_retry_brings_it_back()
    {
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddPresencaMudBlazor();
        ctx.Services.AddScoped<CallerSource>();
        ctx.AddAuthorization().SetAuthorized("agence.nord@reseau-demo.fr");
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var fuse = new Fuse();

        var layout = ctx.Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<FailingPage>(0);
            b.AddComponentParameter(1, nameof(FailingPage.Fuse), fuse);
            b.CloseComponent();
        })));

        var error = layout.Find("[data-testid=error-boundary]");
        Assert.Contains("Une erreur est survenue sur cette page", error.TextContent);
        Assert.Contains("Rien d'autre n'a été modifié", error.TextContent);
        Assert.Empty(layout.FindAll("[data-testid=failing-page]"));
        Assert.DoesNotContain("La base de données ne répond pas", layout.Markup);
        // The shell around it still works: navigation and the user menu are there.
        Assert.NotEmpty(layout.FindAll("nav[aria-label='Navigation principale'] a"));
        Assert.NotNull(layout.Find("[data-testid=menu-button]"));

        fuse.Blown = false;
        layout.FindAll("button").Single(b => b.TextContent.Trim() == "Réessayer").Click();

        layout.WaitForAssertion(() => Assert.Equal("La page fonctionne.", layout.Find("[data-testid=failing-page]").TextContent));
        Assert.Empty(layout.FindAll("[data-testid=error-boundary]"));
    }

    public sealed class Fuse
    {
        public bool Blown { get; set; } = true;
    }

    /// <summary>A page whose rendering fails while its fuse is blown.</summary>
    public sealed class FailingPage : ComponentBase
    {
        [Parameter]
        public Fuse Fuse { get; set; } = default!;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            if (Fuse.Blown)
            {
                throw new InvalidOperationException("La base de données ne répond pas.");
            }

            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "failing-page");
            builder.AddContent(2, "La page fonctionne.");
            builder.CloseElement();
        }
    }
}
