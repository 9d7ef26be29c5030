using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Presenca.Data.Identity;
using Presenca.Web.Account;
using Presenca.Web.Demo;
using Presenca.Web.Tenancy;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>Signing in and out, the navigation, the live indicator and the account pages, in a real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private static readonly string[] NavigationLinks = ["Aperçu", "Campagnes", "Contacts", "Analytique", "Connexions"];

    private static readonly (string Path, string Heading)[] MainPages =
    [
        ("/", "Aperçu"),
        ("/campagnes", "Campagnes"),
        ("/contacts", "Contacts"),
        ("/analytique", "Analytique"),
        ("/connexions", "Connexions"),
    ];

    private readonly Uri _app = factory.StartKestrel();

    public static TheoryData<string> DemoEmails => new(DemoAccounts.All.Select(a => a.Email));

    [Theory]
    [MemberData(nameof(DemoEmails))]
    public async Task Each_demo_role_signs_in_sees_the_navigation_and_its_name_goes_live_and_signs_out(string email)
    {
        var account = DemoAccounts.All.Single(a => a.Email == email);
        await browser.RunAsync(async page =>
        {
            await page.SubmitLoginAsync(_app, account.Email);
            await page.WaitForCircuitAsync();

            var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
            foreach (var link in NavigationLinks)
            {
                await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeInViewportAsync();
            }

            await Expect(page.Locator(".user-menu .user-name")).ToHaveTextAsync(account.NomComplet);
            await Expect(page.GetByTestId("live-status")).ToHaveTextAsync("en direct");

            await page.Locator(".user-menu-button").ClickAsync();
            await Expect(page.Locator(".user-role")).ToHaveTextAsync(RoleLabels.Of(account.Role));
            // The form rendered in the circuit posts the antiforgery token the prerender handed over.
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "Se déconnecter" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Uri(_app, "/connexion").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();

            // Signed out for real: the dashboard sends the browser back to the login page.
            await page.GotoAsync(new Uri(_app, "/").ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
        }, variant: account.Email);
    }

    [Fact]
    public async Task Wrong_password_shows_a_french_error_that_does_not_say_which_part_was_wrong()
    {
        await browser.RunAsync(async page =>
        {
            await page.SubmitLoginAsync(_app, DemoAccounts.Directeur.Email, "pas-le-bon-mot-de-passe");

            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Adresse e-mail ou mot de passe incorrect.");
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" })).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task On_a_375_pixel_wide_phone_the_navigation_waits_behind_the_menu_button_and_nothing_overflows_sideways()
    {
        await browser.RunWithPagesAsync(async session =>
        {
            var page = await session.NewPageAsync(width: 375, height: 740);
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
            var first = navigation.GetByRole(AriaRole.Link, new() { Name = NavigationLinks[0], Exact = true });

            // Closed by CSS alone, from the first paint; the button says what it controls and its state.
            var menuButton = page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir ou fermer le menu" });
            await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "false");
            await Expect(menuButton).ToHaveAttributeAsync("aria-controls", "app-drawer");
            await Expect(first).Not.ToBeInViewportAsync();
            await page.AssertNoHorizontalOverflowAsync();

            await menuButton.ClickAsync();
            await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "true");

            foreach (var link in NavigationLinks)
            {
                await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeInViewportAsync();
            }

            await page.AssertNoHorizontalOverflowAsync();

            // A section chosen from the menu opens, and the drawer gets out of the way.
            await navigation.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Uri(_app, "/contacts").ToString());
            await Expect(first).Not.ToBeInViewportAsync();
            await Expect(menuButton).ToHaveAttributeAsync("aria-expanded", "false");

            // A tap beside the open menu closes it too.
            await menuButton.ClickAsync();
            await Expect(first).ToBeInViewportAsync();
            await page.Mouse.ClickAsync(360, 400);
            await Expect(first).Not.ToBeInViewportAsync();
        });
    }

    [Fact]
    public async Task From_960_pixels_the_navigation_stays_open_beside_the_page()
    {
        await browser.RunWithPagesAsync(async session =>
        {
            var page = await session.NewPageAsync(width: 960, height: 740);
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });

            foreach (var link in NavigationLinks)
            {
                await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeInViewportAsync();
            }

            // Permanent: no menu button to hide it, the current section marked, the page beside the menu.
            await Expect(page.GetByTestId("menu-button")).ToBeHiddenAsync();
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Aperçu", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
            var menuRight = await page.EvaluateAsync<double>("document.getElementById('app-drawer').getBoundingClientRect().right");
            var mainLeft = await page.EvaluateAsync<double>("document.getElementById('main').getBoundingClientRect().left");
            Assert.True(mainLeft >= menuRight, $"the page starts at {mainLeft} px, under the menu that ends at {menuRight} px");
            await navigation.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Uri(_app, "/contacts").ToString());
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Contacts", Exact = true })).ToBeInViewportAsync();
            await page.AssertNoHorizontalOverflowAsync();
        });
    }

    [Fact]
    public async Task The_main_pages_run_their_circuit_under_the_content_security_policy_without_a_violation()
    {
        await browser.RunAsync(async page =>
        {
            var violations = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    lock (violations)
                    {
                        violations.Add($"{page.Url}: {message.Text}");
                    }
                }
            };
            // Init scripts are injected by the browser itself, not by the page, so the policy allows them.
            await page.AddInitScriptAsync("""
                window.__cspViolations = [];
                document.addEventListener('securitypolicyviolation', e =>
                    window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
                """);

            await page.SignInAsync(_app, DemoAccounts.Directeur.Email);
            var interactive = 0;
            foreach (var (path, heading) in MainPages)
            {
                var response = await page.GotoAsync(new Uri(_app, path).ToString());
                Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy"));
                // A page still served as static SSR (not yet ported) has no circuit to wait for.
                if ((await response.TextAsync()).Contains("<!--Blazor:{\"type\":\"server\"", StringComparison.Ordinal))
                {
                    await page.WaitForCircuitAsync();
                    interactive++;
                }

                await Expect(page.Locator("main h1").First).ToHaveTextAsync(heading);
                var reported = await page.EvaluateAsync<string[]>("window.__cspViolations");
                lock (violations)
                {
                    violations.AddRange(reported.Select(v => $"{path}: {v}"));
                }
            }

            Assert.True(interactive > 0, "no main page ran in a circuit");
            // The circuit really runs under the policy: the user menu opens over the WebSocket.
            await page.GotoInteractiveAsync(_app, "/");
            await page.Locator(".user-menu-button").ClickAsync();
            await Expect(page.Locator(".user-role")).ToHaveTextAsync("Directeur de réseau");
            Assert.Empty(violations);
        });
    }

    [Fact]
    public async Task The_account_pages_are_accessible_and_fit_a_phone_and_a_desktop()
    {
        var setPassword = await SetPasswordLinkAsync(DemoAccounts.Independante.Email);
        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var width in new[] { 1280, 375 })
            {
                var visitor = await session.NewPageAsync(width: width, height: 800);
                foreach (var (path, heading) in new[]
                {
                    ("/connexion", "Connexion"),
                    (setPassword, "Choisir un mot de passe"),
                    ("/compte/definir-mot-de-passe", "Choisir un mot de passe"),
                    ("/introuvable", "Page introuvable"),
                })
                {
                    await visitor.GotoAsync(new Uri(_app, path).ToString());
                    await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
                    await visitor.AssertAccessibleAsync();
                    await visitor.AssertNoHorizontalOverflowAsync();
                }

                // Refused sign-in: the error and the field messages are part of the page axe reads.
                await visitor.SubmitLoginAsync(_app, DemoAccounts.Directeur.Email, "pas-le-bon-mot-de-passe");
                await Expect(visitor.GetByTestId("login-error")).ToBeVisibleAsync();
                await visitor.AssertAccessibleAsync();
                await visitor.AssertNoHorizontalOverflowAsync();

                var user = await session.NewPageAsync(width: width, height: 800);
                await user.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
                await user.GotoAsync(new Uri(_app, "/compte/mot-de-passe").ToString());
                await Expect(user.GetByRole(AriaRole.Heading, new() { Name = "Changer le mot de passe", Level = 1 })).ToBeVisibleAsync();
                await user.AssertAccessibleAsync();
                await user.AssertNoHorizontalOverflowAsync();
                await user.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
                await Expect(user.GetByText("Indiquez votre mot de passe actuel.")).ToBeVisibleAsync();
                await user.AssertAccessibleAsync();
                await user.AssertNoHorizontalOverflowAsync();
            }
        });
    }

    /// <summary>A set-password link as an inviter gets it (viewing the form spends nothing).</summary>
    private async Task<string> SetPasswordLinkAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PresencaUser>>();
        using (scope.ServiceProvider.GetRequiredService<CallerSource>().SigningIn(users.NormalizeName(email)))
        {
            var user = await users.FindByNameAsync(email) ?? throw new InvalidOperationException($"No demo user {email}.");
            var token = await users.GeneratePasswordResetTokenAsync(user);
            return $"{SetPasswordLinks.Path}?compte={Uri.EscapeDataString(email)}&jeton={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
        }
    }
}
