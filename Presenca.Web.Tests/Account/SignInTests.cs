using System.Net;
using AngleSharp.Html.Parser;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Account;

/// <summary>Signing in and out over HTTP, as a browser without JavaScript does.</summary>
public sealed class SignInTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    public const string WrongCredentials = "Adresse e-mail ou mot de passe incorrect.";

    public static readonly TheoryData<string, string> ShellPages = new()
    {
        { "/", "Aperçu" },
        { "/campagnes", "Campagnes" },
        { "/contacts", "Contacts" },
        { "/analytique", "Analytique" },
        { "/connexions", "Connexions" },
    };


    public static readonly TheoryData<string> DemoEmails = new(DemoAccounts.All.Select(account => account.Email));

    [Theory]
    [MemberData(nameof(ShellPages))]
    public async Task Anonymous_visitor_is_sent_to_the_login_page_with_the_page_to_come_back_to(string path, string title)
    {
        var response = await SignedInClient.Anonymous(factory).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = Absolute(response.Headers.Location);
        Assert.Equal("/connexion", location.AbsolutePath);
        Assert.Equal($"?ReturnUrl={Uri.EscapeDataString(path)}", location.Query);
        Assert.DoesNotContain(title, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(DemoEmails))]
    public async Task Every_demo_role_signs_in_and_sees_every_page_of_the_shell_in_french(string email)
    {
        var client = await SignedInClient.SignInAsync(factory, email);

        foreach (var (path, title) in ShellPages.Select(row => ((string)row[0], (string)row[1])))
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
            Assert.Equal(title, page.QuerySelector("main h1")?.TextContent.Trim());
            Assert.Equal($"{title} · Presenca", page.Title);
            Assert.Equal(ExpectedNavigation(email), page.QuerySelectorAll("nav[aria-label='Navigation principale'] a").Select(link => link.TextContent.Trim()));
        }
    }

    // Administration is offered to those who administer: admins and directors.
    private static string[] ExpectedNavigation(string email) =>
        email == DemoAccounts.Admin.Email || email == DemoAccounts.Directeur.Email
            ? ["Aperçu", "Campagnes", "Contacts", "Analytique", "Connexions", "Administration"]
            : ["Aperçu", "Campagnes", "Contacts", "Analytique", "Connexions"];

    // The role and the sign-out button are in the menu's popover, rendered once opened in the
    // circuit: Shell/UserMenuTests and ShellBrowserTests open it.
    [Fact]
    public async Task Signed_in_user_sees_their_name_in_the_app_bar_of_the_prerendered_page()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);

        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/"));

        Assert.Equal(DemoAccounts.Directeur.NomComplet, page.QuerySelector(".user-menu .user-name")?.TextContent.Trim());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_message_that_does_not_say_which_part_was_wrong()
    {
        var wrongPassword = await LoginErrorAsync(DemoAccounts.Collaborateur.Email, "Pas-le-bon-2026");
        var unknownEmail = await LoginErrorAsync("personne@inconnu.example", DemoAccounts.Password);

        Assert.Equal(WrongCredentials, wrongPassword);
        Assert.Equal(wrongPassword, unknownEmail);
    }

    [Fact]
    public async Task Empty_form_asks_for_the_email_and_the_password_in_french()
    {
        var client = SignedInClient.Anonymous(factory);

        var response = await SignedInClient.PostLoginAsync(client, "", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Indiquez votre adresse e-mail.", html);
        Assert.Contains("Indiquez votre mot de passe.", html);
    }

    [Fact]
    public async Task Auth_cookie_is_http_only_and_same_site_strict()
    {
        var client = SignedInClient.Anonymous(factory);

        var response = await SignedInClient.PostLoginAsync(client, DemoAccounts.Admin.Email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), header => header.StartsWith("presenca.auth", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
    }

    [Theory]
    [InlineData("/connexion", false)]
    [InlineData("/compte/mot-de-passe", true)]
    public async Task Every_post_form_of_the_account_pages_carries_an_antiforgery_token(string path, bool signedIn)
    {
        var client = signedIn ? await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email) : SignedInClient.Anonymous(factory);

        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(path));

        var forms = page.QuerySelectorAll("form")
            .Where(form => string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.NotEmpty(forms);
        foreach (var form in forms)
        {
            var token = form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]");
            Assert.False(string.IsNullOrEmpty(token?.GetAttribute("value")), $"form without antiforgery token on {path}: {form.OuterHtml}");
        }
    }

    [Fact]
    public async Task Return_url_of_this_site_is_honoured_after_sign_in()
    {
        var client = SignedInClient.Anonymous(factory);

        var response = await PostLoginAsync(client, "/contacts");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/contacts", Absolute(response.Headers.Location).AbsolutePath);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    public async Task Return_url_to_another_site_lands_on_the_overview_instead(string returnUrl)
    {
        var client = SignedInClient.Anonymous(factory);

        var response = await PostLoginAsync(client, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = Absolute(response.Headers.Location);
        Assert.Equal("localhost", location.Host);
        Assert.Equal("/", location.AbsolutePath);
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused_in_french_and_the_user_stays_signed_in()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var response = await client.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Formulaire expiré : rechargez la page et réessayez. Vous êtes toujours connecté(e).", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    // The token is the session's, not one form's: any page's token is the one the user menu's
    // form carries (the menu itself renders in the circuit; ShellBrowserTests clicks it).
    [Fact]
    public async Task Sign_out_with_the_sessions_antiforgery_token_returns_to_the_login_page_and_closes_the_session()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);

        var response = await SignedInClient.PostFormAsync(client, "/deconnexion", new Dictionary<string, string>(), formPage: "/compte/mot-de-passe");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion", Absolute(response.Headers.Location).AbsolutePath);
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/connexion", Absolute(after.Headers.Location).AbsolutePath);
    }

    [Fact]
    public async Task Sign_out_by_a_plain_get_is_not_possible()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var response = await client.GetAsync("/deconnexion");

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    private async Task<string?> LoginErrorAsync(string email, string password)
    {
        var response = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return page.QuerySelector("[data-testid=login-error]")?.TextContent.Trim();
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string returnUrl) =>
        await SignedInClient.PostFormAsync(client, $"/connexion?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = DemoAccounts.Directeur.Email,
            ["Input.Password"] = DemoAccounts.Password,
        });

    private static Uri Absolute(Uri? location) =>
        location is null ? throw new InvalidOperationException("No Location header.")
        : location.IsAbsoluteUri ? location
        : new Uri(new Uri("http://localhost/"), location);
}
