using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Web.Components.Layout;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Shell;

/// <summary>The user menu of the app bar, as a signed-in user opens it in the circuit.</summary>
public sealed class UserMenuTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private const string Token = "jeton-antiforgery-du-circuit";

    [Fact]
    public async Task The_name_shows_in_the_app_bar_and_the_french_role_and_sign_out_only_once_opened()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email, WithAntiforgeryToken);
        var popovers = page.Render<MudPopoverProvider>();
        var menu = page.Render<UserMenu>();

        Assert.Equal(DemoAccounts.Directeur.NomComplet, menu.Find(".user-menu .user-name").TextContent.Trim());
        Assert.Empty(popovers.FindAll(".user-role"));
        Assert.Empty(popovers.FindAll("[data-testid=sign-out]"));
        // Closed, it is plain markup: no MudMenu (and its popover) kept by every open circuit.
        Assert.Empty(menu.FindComponents<MudMenu>());
        Assert.Equal("false", menu.Find("[role=button][aria-haspopup=menu]").GetAttribute("aria-expanded"));

        menu.Find(".user-menu-button").Click();

        popovers.WaitForAssertion(() => Assert.Equal("Directeur de réseau", popovers.Find(".user-role").TextContent.Trim()));
        Assert.Equal("Se déconnecter", popovers.Find("[data-testid=sign-out]").TextContent.Trim());
        Assert.Contains(popovers.FindAll("a"), a => a.GetAttribute("href") == "/compte/mot-de-passe" && a.TextContent.Contains("Changer le mot de passe"));
    }

    [Fact]
    public async Task Enter_on_the_closed_menu_opens_it_as_a_click_does()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email, WithAntiforgeryToken);
        var popovers = page.Render<MudPopoverProvider>();
        var menu = page.Render<UserMenu>();

        menu.Find("[role=button][aria-haspopup=menu]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll("[data-testid=sign-out]")));
        Assert.Single(menu.FindComponents<MudMenu>());
    }

    [Fact]
    public async Task Sign_out_is_a_post_to_deconnexion_that_carries_the_antiforgery_token()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email, WithAntiforgeryToken);
        var popovers = page.Render<MudPopoverProvider>();
        var menu = page.Render<UserMenu>();

        menu.Find(".user-menu-button").Click();

        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll("[data-testid=sign-out]")));
        var form = popovers.Find("form.sign-out-form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/deconnexion", form.GetAttribute("action"));
        Assert.Equal(Token, form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")?.GetAttribute("value"));
        Assert.Equal("submit", form.QuerySelector("[data-testid=sign-out]")?.GetAttribute("type"));
    }

    private static void WithAntiforgeryToken(IServiceCollection services) =>
        services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery(Token));

    /// <summary>What the circuit's antiforgery state hands the page after the prerender persisted it.</summary>
    private sealed class FixedAntiforgery(string token) : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new(token, "__RequestVerificationToken");
    }
}
