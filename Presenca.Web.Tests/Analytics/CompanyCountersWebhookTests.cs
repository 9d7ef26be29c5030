using System.Net;
using System.Text;
using Presenca.Web.Tests.Campaigns.Pipeline;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// The real path of a delivery: a campaign sent by the pipeline, then Brevo's webhook reporting
/// deliveries; the company counters of the top organisations chart follow, once per recipient.
/// </summary>
public sealed class CompanyCountersWebhookTests : IAsyncLifetime
{
    private const string Secret = "secret-webhook-0123456789";
    private PipelineHarness _harness = null!;
    private Guid _campaign;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // Contacts n = 1..14 work at "Société n % 7": two per company.
        _harness = await PipelineHarness.StartAsync(contacts: 14, batchSize: 50, inProcessWorker: true);
        await _harness.SetWebhookSecretAsync(Secret);
        _campaign = await _harness.CreateCampaignAsync();
        await _harness.StartCampaignAsync(_campaign);
        await _harness.WaitForStatusAsync(_campaign, "sent");
        _client = _harness.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _harness.DisposeAsync();
    }

    private Task<string> CompanyAsync(string table, string company) => _harness.Database.QueryAsOwnerAsync<string>(
        $"select coalesce(string_agg(emails || '/' || delivered, ','), 'none') from {table} where recipient_organization = '{company}'");

    [Fact]
    public async Task Delivery_events_move_recipients_into_their_company_s_delivered_count_once()
    {
        Assert.Equal("2/0", await CompanyAsync("email_organisation_monthly_counts", "Société 1"));

        foreach (var email in new[] { "destinataire1@exemple.fr", "destinataire8@exemple.fr", "destinataire1@exemple.fr", "destinataire2@exemple.fr" })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Delivered(email))).StatusCode);
        }

        Assert.Equal("2/2", await CompanyAsync("email_organisation_monthly_counts", "Société 1"));
        Assert.Equal("2/2", await CompanyAsync("email_organisation_daily_counts", "Société 1"));
        Assert.Equal("2/1", await CompanyAsync("email_organisation_monthly_counts", "Société 2"));
        Assert.Equal("2/0", await CompanyAsync("email_organisation_monthly_counts", "Société 3"));
    }

    private string Delivered(string email) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = "delivered",
            ["email"] = email,
            ["id"] = 1,
            ["message-id"] = "<inconnu@exemple>",
            ["ts_event"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["X-Mailin-custom"] = $"presenca;campaign={_campaign:D};batch={Guid.NewGuid():D}",
        });

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/brevo/{_harness.ConnexionId}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Secret);
        return await _client.SendAsync(request);
    }
}
