using System.Text;
using Presenca.Web.Campaigns.Webhooks;

namespace Presenca.Web.Tests.Campaigns;

public sealed class WebhookAuthenticationTests
{
    private const string Secret = "whs_3q9Vx7LkP2mN8rT4";

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public void Basic_credentials_with_the_connexion_secret_are_accepted()
    {
        Assert.True(WebhookAuthentication.IsAuthorized(Basic("brevo", Secret), Secret));
    }

    [Fact]
    public void A_bearer_token_equal_to_the_connexion_secret_is_accepted()
    {
        Assert.True(WebhookAuthentication.IsAuthorized($"Bearer {Secret}", Secret));
        Assert.True(WebhookAuthentication.IsAuthorized($"bearer {Secret}", Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer whs_wrong")]
    [InlineData("Bearer whs_3q9Vx7LkP2mN8rT")]
    [InlineData("Token whs_3q9Vx7LkP2mN8rT4")]
    [InlineData("Basic not-base64!")]
    [InlineData("whs_3q9Vx7LkP2mN8rT4")]
    public void Anything_else_is_refused(string? header)
    {
        Assert.False(WebhookAuthentication.IsAuthorized(header, Secret));
    }

    [Fact]
    public void Basic_credentials_need_both_the_user_name_and_the_secret()
    {
        Assert.False(WebhookAuthentication.IsAuthorized(Basic("brevo", "wrong"), Secret));
        Assert.False(WebhookAuthentication.IsAuthorized(Basic("admin", Secret), Secret));
        Assert.False(WebhookAuthentication.IsAuthorized("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)), Secret));
    }

    [Fact]
    public void A_connexion_without_a_secret_accepts_nothing()
    {
        Assert.False(WebhookAuthentication.IsAuthorized("Bearer ", ""));
        Assert.False(WebhookAuthentication.IsAuthorized(Basic("brevo", ""), ""));
        Assert.False(WebhookAuthentication.IsAuthorized(Basic("brevo", ""), null));
    }
}
