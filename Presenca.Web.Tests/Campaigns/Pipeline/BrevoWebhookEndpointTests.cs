using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// POST /webhooks/brevo/{connexion}: only Brevo (the connexion's secret) gets in, and events
/// move recipients forward only, once, and mark contacts that bounce or unsubscribe.
/// </summary>
public sealed class BrevoWebhookEndpointTests() : SentCampaignWebhookTests(contacts: 5)
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer mauvais-secret")]
    [InlineData("Basic YnJldm86bWF1dmFpcw==")]
    [InlineData("Token secret-webhook-0123456789")]
    public async Task A_call_without_the_connexion_secret_is_refused_with_401_and_changes_nothing(string? authorization)
    {
        var response = await PostAsync(Event("delivered", "destinataire1@exemple.fr"), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("sent", await StatusOfAsync("destinataire1@exemple.fr"));
    }

    [Fact]
    public async Task An_unknown_connexion_is_refused_like_a_wrong_secret()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/brevo/{Guid.NewGuid()}")
        {
            Content = new StringContent(Event("delivered", "destinataire1@exemple.fr"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Delivered_then_a_late_request_keeps_delivered_and_a_repeated_event_counts_once()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Event("delivered", "destinataire2@exemple.fr"), "Bearer " + Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Event("request", "destinataire2@exemple.fr"), Basic())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Event("delivered", "destinataire2@exemple.fr"), "Bearer " + Secret)).StatusCode);

        Assert.Equal("delivered", await StatusOfAsync("destinataire2@exemple.fr"));
        Assert.Equal(1, await CounterAsync("delivered_count"));
        Assert.Equal(4, await CounterAsync("sent_count"));
    }

    [Fact]
    public async Task A_hard_bounce_marks_the_contact_and_removes_it_from_the_next_audiences()
    {
        await PostAsync(Event("hard_bounce", "destinataire3@exemple.fr", reason: "550 utilisateur inconnu"), "Bearer " + Secret);

        Assert.Equal("bounced", await StatusOfAsync("destinataire3@exemple.fr"));
        Assert.True(await Harness.Database.QueryAsOwnerAsync<bool>("select hard_bounced from contacts where email = 'destinataire3@exemple.fr'"));
        Assert.Equal("550 utilisateur inconnu", await Harness.Database.QueryAsOwnerAsync<string>($"select failure_reason from emails_sent where campaign_id = '{CampaignId}' and recipient_email = 'destinataire3@exemple.fr'"));

        var next = await Harness.CreateCampaignAsync();
        Assert.Equal(4, await Harness.AudienceAsync(next));
    }

    [Fact]
    public async Task An_unsubscribe_marks_the_contact_unsubscribed()
    {
        await PostAsync(Event("unsubscribed", "destinataire4@exemple.fr"), "Bearer " + Secret);

        Assert.True(await Harness.Database.QueryAsOwnerAsync<bool>("select desinscrit from contacts where email = 'destinataire4@exemple.fr'"));
        Assert.Equal("delivered", await StatusOfAsync("destinataire4@exemple.fr"));
        // As through the unsubscribe link: the campaign is remembered and counted, once.
        Assert.Equal(CampaignId, await Harness.Database.QueryAsOwnerAsync<Guid>("select desinscrit_campaign_id from contacts where email = 'destinataire4@exemple.fr'"));
        await PostAsync(Event("unsubscribed", "destinataire4@exemple.fr"), "Bearer " + Secret);
        Assert.Equal(1, await CounterAsync("unsubscribed_count"));
    }

    [Fact]
    public async Task Opens_and_clicks_are_counted_once_per_recipient()
    {
        foreach (var name in new[] { "opened", "unique_opened", "click", "click" })
        {
            await PostAsync(Event(name, "destinataire5@exemple.fr"), "Bearer " + Secret);
        }

        Assert.Equal(1, await CounterAsync("opened_count"));
        Assert.Equal(1, await CounterAsync("clicked_count"));
        Assert.Equal("delivered", await StatusOfAsync("destinataire5@exemple.fr"));
    }

    [Fact]
    public async Task A_payload_missing_its_message_id_is_refused_with_400_naming_the_field()
    {
        var response = await PostAsync("""{"event":"delivered","email":"destinataire1@exemple.fr","ts_event":1700000000}""", "Bearer " + Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("message-id", await response.Content.ReadAsStringAsync());
        Assert.Equal("sent", await StatusOfAsync("destinataire1@exemple.fr"));
    }

    private static string Basic() =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("brevo:" + Secret));

    private async Task<string> StatusOfAsync(string email) =>
        await Harness.Database.QueryAsOwnerAsync<string>($"select status from emails_sent where campaign_id = '{CampaignId}' and recipient_email = '{email}'");

    private async Task<int> CounterAsync(string column) =>
        await Harness.Database.QueryAsOwnerAsync<int>($"select {column} from email_campaigns where id = '{CampaignId}'");
}
