using System.Net;
using AngleSharp.Html.Parser;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Account;

/// <summary>Changing a password changes an account: its own app and database.</summary>
public sealed class ChangePasswordTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private const string NewPassword = "Nouveau-secret-2027";

    [Fact]
    public async Task Wrong_current_password_is_refused_in_french_and_the_old_password_still_works()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var page = await ChangeAsync(client, "Pas-le-bon-2026", NewPassword, NewPassword);

        Assert.Equal(["Le mot de passe actuel est incorrect."], Errors(page));
        Assert.Null(Success(page));
        await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
    }

    [Fact]
    public async Task Confirmation_that_differs_is_refused_in_french()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);

        var page = await ChangeAsync(client, DemoAccounts.Password, NewPassword, NewPassword + "x");

        Assert.Contains("La confirmation ne correspond pas au nouveau mot de passe.", page);
        Assert.Null(Success(page));
        await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
    }

    [Fact]
    public async Task New_password_opens_the_next_sign_in_and_the_old_one_no_longer_does()
    {
        var email = DemoAccounts.Directeur.Email;
        var client = await SignedInClient.SignInAsync(factory, email);

        var page = await ChangeAsync(client, DemoAccounts.Password, NewPassword, NewPassword);

        Assert.Equal("Votre mot de passe a été changé.", Success(page));
        Assert.Empty(Errors(page));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await SignedInClient.SignInAsync(factory, email, NewPassword);
        var old = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), email, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains(SignInTests.WrongCredentials, await old.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_visitor_cannot_reach_the_change_password_page()
    {
        var response = await SignedInClient.Anonymous(factory).GetAsync("/compte/mot-de-passe");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/connexion", response.Headers.Location?.OriginalString);
    }

    private static async Task<string> ChangeAsync(HttpClient client, string current, string next, string confirmation)
    {
        var response = await SignedInClient.PostFormAsync(client, "/compte/mot-de-passe", new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.Confirmation"] = confirmation,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<string> Errors(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("main [data-testid=password-error]").Select(e => e.TextContent.Trim()).ToList();

    private static string? Success(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=password-changed]")?.TextContent.Trim();
}
