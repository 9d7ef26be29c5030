using System.Net;
using AngleSharp.Html.Parser;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Shell;

/// <summary>The shell as served over HTTP: French pages, even when the address is wrong.</summary>
public sealed class ShellPagesTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task Login_page_is_in_french_for_an_anonymous_visitor()
    {
        var response = await SignedInClient.Anonymous(factory).GetAsync("/connexion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Connexion · Presenca", page.Title);
        Assert.Equal(["Adresse e-mail", "Mot de passe"], page.QuerySelectorAll("form label").Select(l => l.TextContent.Trim()));
        Assert.Equal("Se connecter", page.QuerySelector("form button[type=submit]")?.TextContent.Trim());
    }

    [Fact]
    public async Task Unknown_address_answers_404_with_a_french_page_and_no_stack_trace()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var response = await client.GetAsync("/cette-page-n-existe-pas");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = await new HtmlParser().ParseDocumentAsync(html);
        Assert.Equal("Page introuvable", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task Static_assets_come_from_this_server_not_a_cdn()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/"));

        var assets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href"))
            .Concat(page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")))
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            Assert.DoesNotContain("//", asset);
            var response = await client.GetAsync("/" + asset.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
        }
    }
}
