using System.Text;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// A campaign sent through the pipeline to the fake Brevo, then Brevo's webhook calls about its
/// recipients as Brevo makes them: the connexion's secret, X-Mailin-custom naming the campaign.
/// </summary>
public abstract class SentCampaignWebhookTests(int contacts) : IAsyncLifetime
{
    protected const string Secret = "secret-webhook-0123456789";

    protected PipelineHarness Harness { get; private set; } = null!;

    protected Guid CampaignId { get; private set; }

    /// <summary>Reaches the app under test (its webhook endpoint).</summary>
    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await PipelineHarness.StartAsync(contacts, batchSize: 50, inProcessWorker: true);
        await Harness.SetWebhookSecretAsync(Secret);
        CampaignId = await Harness.CreateCampaignAsync();
        await Harness.StartCampaignAsync(CampaignId);
        await Harness.WaitForStatusAsync(CampaignId, "sent");
        Client = Harness.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Harness.DisposeAsync();
    }

    protected string Event(string name, string email, string? reason = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = name,
            ["email"] = email,
            ["id"] = 1,
            ["message-id"] = "<inconnu@exemple>",
            ["ts_event"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["X-Mailin-custom"] = $"presenca;campaign={CampaignId:D};batch={Guid.NewGuid():D}",
            ["reason"] = reason,
        });

    protected async Task<HttpResponseMessage> PostAsync(string json, string? authorization = "Bearer " + Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/brevo/{Harness.ConnexionId}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await Client.SendAsync(request);
        // The endpoint only stores the events; the inbox's worker applies them right after.
        await Harness.WaitForEventInboxAsync();
        return response;
    }
}
