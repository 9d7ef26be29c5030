using System.Net;
using AngleSharp.Html.Parser;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Account;

/// <summary>Lockout changes an account for a quarter of an hour: its own app and database.</summary>
public sealed class LockoutTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    public const string Locked = "Ce compte est verrouillé après plusieurs échecs. Réessayez dans 15 minutes ou demandez à votre directeur de le débloquer.";

    [Fact]
    public async Task Five_failures_lock_the_account_and_then_even_the_right_password_is_refused()
    {
        var email = DemoAccounts.Collaborateur.Email;
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(SignInTests.WrongCredentials, await LoginErrorAsync(email, $"Mauvais-essai-{attempt}"));
        }

        Assert.Equal(Locked, await LoginErrorAsync(email, "Mauvais-essai-5"));
        Assert.Equal(Locked, await LoginErrorAsync(email, DemoAccounts.Password));
    }

    [Fact]
    public async Task Four_failures_then_the_right_password_still_signs_in()
    {
        var email = DemoAccounts.Directeur.Email;
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(SignInTests.WrongCredentials, await LoginErrorAsync(email, $"Mauvais-essai-{attempt}"));
        }

        var response = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<string?> LoginErrorAsync(string email, string password)
    {
        var client = SignedInClient.Anonymous(factory);
        var response = await SignedInClient.PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return page.QuerySelector("[data-testid=login-error]")?.TextContent.Trim();
    }
}
