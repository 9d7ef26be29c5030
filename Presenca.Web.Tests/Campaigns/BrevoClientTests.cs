using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Brevo;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Tests.Fakes;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// The one Brevo client (sending and the account test) against a fake Brevo on 127.0.0.1, one case
/// per way Brevo answers.
/// </summary>
public sealed class BrevoClientTests : IAsyncLifetime
{
    private FakeBrevoServer _brevo = null!;

    public async Task InitializeAsync() => _brevo = await FakeBrevoServer.StartAsync();

    public async Task DisposeAsync() => await _brevo.DisposeAsync();

    private BrevoClient Client(TimeSpan? timeout = null, Uri? baseUrl = null) =>
        new(new HttpClient
        {
            BaseAddress = BrevoServices.WithTrailingSlash(baseUrl ?? _brevo.BaseUrl),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        });

    [Fact]
    public async Task Accepted_batch_returns_one_message_id_per_version_in_order()
    {
        var batch = CampaignTestData.Batch("a@soleil.fr", "b@soleil.fr", "c@soleil.fr");

        var outcome = await Client().SendAsync(FakeBrevoServer.ValidApiKey, batch, CancellationToken.None);

        var accepted = Assert.IsType<EmailSendOutcome.Accepted>(outcome);
        Assert.Equal(3, accepted.MessageIds.Count);
        var deliveries = _brevo.Deliveries;
        Assert.Equal(["a@soleil.fr", "b@soleil.fr", "c@soleil.fr"], deliveries.Select(d => d.Recipient));
        Assert.Equal(accepted.MessageIds, deliveries.Select(d => d.MessageId));
    }

    [Fact]
    public async Task Every_delivery_carries_the_campaign_and_batch_in_X_Mailin_custom()
    {
        var campaignId = Guid.NewGuid();
        var batchId = Guid.NewGuid();

        await Client().SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch(campaignId, batchId, "a@soleil.fr", "b@soleil.fr"), CancellationToken.None);

        Assert.All(_brevo.Deliveries, d => Assert.Equal(new MailinCustom(campaignId, batchId), MailinCustom.TryParse(d.MailinCustom)));
    }

    [Fact]
    public async Task Retrying_a_batch_reuses_its_idempotency_key_so_nothing_is_delivered_twice()
    {
        var batch = CampaignTestData.Batch("a@soleil.fr", "b@soleil.fr");
        var client = Client();

        var first = await client.SendAsync(FakeBrevoServer.ValidApiKey, batch, CancellationToken.None);
        var again = await client.SendAsync(FakeBrevoServer.ValidApiKey, batch, CancellationToken.None);

        Assert.Equal(
            Assert.IsType<EmailSendOutcome.Accepted>(first).MessageIds,
            Assert.IsType<EmailSendOutcome.Accepted>(again).MessageIds);
        Assert.Equal(2, _brevo.Deliveries.Count);
        Assert.Empty(_brevo.DuplicateDeliveries());
    }

    [Fact]
    public async Task A_batch_retried_after_an_answer_that_came_too_late_is_not_delivered_twice()
    {
        var batch = CampaignTestData.Batch("a@soleil.fr", "b@soleil.fr");
        EmailSendOutcome timedOut;
        _brevo.Latency = TimeSpan.FromSeconds(5);
        try
        {
            timedOut = await Client(timeout: TimeSpan.FromMilliseconds(300)).SendAsync(FakeBrevoServer.ValidApiKey, batch, CancellationToken.None);
        }
        finally
        {
            _brevo.Latency = TimeSpan.Zero;
        }

        var retried = await Client().SendAsync(FakeBrevoServer.ValidApiKey, batch, CancellationToken.None);

        Assert.IsType<EmailSendOutcome.Transient>(timedOut);
        var accepted = Assert.IsType<EmailSendOutcome.Accepted>(retried);
        Assert.Equal(accepted.MessageIds, _brevo.Deliveries.Select(d => d.MessageId));
        Assert.Empty(_brevo.DuplicateDeliveries());
    }

    [Fact]
    public async Task Rate_limit_gives_the_delay_Brevo_asks_for_in_Retry_After()
    {
        _brevo.RateLimitResetSeconds = 7;
        _brevo.FailNext(1, FakeBrevoFailure.RateLimited);

        var outcome = await Client().SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<EmailSendOutcome.RateLimited>(outcome).RetryAfter);
        Assert.Empty(_brevo.Deliveries);
    }

    [Fact]
    public async Task Rate_limit_without_Retry_After_uses_x_sib_ratelimit_reset()
    {
        _brevo.SendRetryAfter = false;
        _brevo.RateLimitResetSeconds = 4;
        _brevo.FailNext(1, FakeBrevoFailure.RateLimited);

        var outcome = await Client().SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(4), Assert.IsType<EmailSendOutcome.RateLimited>(outcome).RetryAfter);
    }

    [Fact]
    public async Task Server_error_is_transient_and_the_same_batch_goes_through_once_Brevo_recovers()
    {
        var batch = CampaignTestData.Batch("a@soleil.fr");
        _brevo.FailNext(2, FakeBrevoFailure.ServerError);
        var client = Client();

        var outcomes = new List<EmailSendOutcome>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            outcomes.Add(await client.SendAsync(FakeBrevoServer.ValidApiKey, batch, CancellationToken.None));
        }

        Assert.IsType<EmailSendOutcome.Transient>(outcomes[0]);
        Assert.IsType<EmailSendOutcome.Transient>(outcomes[1]);
        Assert.IsType<EmailSendOutcome.Accepted>(outcomes[2]);
        Assert.Single(_brevo.Deliveries);
    }

    [Fact]
    public async Task Server_errors_for_a_period_are_transient()
    {
        _brevo.FailFor(TimeSpan.FromMinutes(5), FakeBrevoFailure.ServerError);

        var outcome = await Client().SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);

        Assert.IsType<EmailSendOutcome.Transient>(outcome);
        Assert.Empty(_brevo.Deliveries);
    }

    [Fact]
    public async Task Unreachable_Brevo_is_transient()
    {
        var closed = await FakeBrevoServer.StartAsync();
        var address = closed.BaseUrl;
        await closed.DisposeAsync();

        var outcome = await Client(baseUrl: address).SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);

        Assert.IsType<EmailSendOutcome.Transient>(outcome);
    }

    [Fact]
    public async Task Malformed_recipient_address_is_rejected_with_Brevo_code_and_message()
    {
        var outcome = await Client().SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr", "pas-une-adresse"), CancellationToken.None);

        var rejected = Assert.IsType<EmailSendOutcome.Rejected>(outcome);
        Assert.Equal("invalid_parameter", rejected.Code);
        Assert.Equal("email is not valid in to", rejected.Message);
        Assert.Empty(_brevo.Deliveries);
    }

    [Fact]
    public async Task Wrong_api_key_is_unauthorized()
    {
        var outcome = await Client().SendAsync("xkeysib-revoked", CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);

        Assert.IsType<EmailSendOutcome.Unauthorized>(outcome);
        Assert.Empty(_brevo.Deliveries);
    }

    [Fact]
    public async Task Account_out_of_credits_is_payment_required()
    {
        _brevo.FailNext(1, FakeBrevoFailure.PaymentRequired);

        var outcome = await Client().SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);

        Assert.Equal("Not enough credits to send this email", Assert.IsType<EmailSendOutcome.PaymentRequired>(outcome).Message);
    }

    [Fact]
    public async Task Brevo_sandbox_drop_is_answered_but_delivers_nothing()
    {
        var batch = CampaignTestData.Batch("a@soleil.fr") with { SandboxDrop = true };

        var outcome = await Client().SendAsync(FakeBrevoServer.ValidApiKey, batch, CancellationToken.None);

        Assert.IsType<EmailSendOutcome.Accepted>(outcome);
        Assert.Empty(_brevo.Deliveries);
        Assert.Single(_brevo.Dropped);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_mistaken_for_a_Brevo_failure()
    {
        _brevo.Latency = TimeSpan.FromSeconds(10);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client().SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr"), cancellation.Token));
    }

    [Fact]
    public async Task Account_test_and_sending_present_the_same_key_to_the_same_Brevo()
    {
        var client = Client();

        var account = await client.GetAccountAsync(FakeBrevoServer.ValidApiKey, TimeSpan.FromSeconds(10), CancellationToken.None);
        var sent = await client.SendAsync(FakeBrevoServer.ValidApiKey, CampaignTestData.Batch("a@soleil.fr"), CancellationToken.None);
        var refused = await client.GetAccountAsync("xkeysib-revoked", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("Agence Démo", account.Value?.CompanyName);
        Assert.IsType<EmailSendOutcome.Accepted>(sent);
        Assert.Equal("Brevo refuse la clé (HTTP 401) : vérifiez-la ou remplacez-la.", refused.Error);
        Assert.Equal((2, 1), (_brevo.AccountCalls, _brevo.SendCalls));
    }

    [Fact]
    public async Task Account_test_rate_limited_without_Retry_After_reads_x_sib_ratelimit_reset_as_sending_does()
    {
        _brevo.SendRetryAfter = false;
        _brevo.RateLimitResetSeconds = 4;
        _brevo.FailNext(1, FakeBrevoFailure.RateLimited);

        var outcome = await Client().GetAccountAsync(FakeBrevoServer.ValidApiKey, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("Brevo limite le nombre d'appels (HTTP 429) : réessayez dans 4 secondes.", outcome.Error);
    }

    [Fact]
    public async Task Account_test_says_which_deadline_ran_out_when_the_client_timeout_is_the_shorter()
    {
        _brevo.Latency = TimeSpan.FromSeconds(5);

        var outcome = await Client(timeout: TimeSpan.FromMilliseconds(300)).GetAccountAsync(FakeBrevoServer.ValidApiKey, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("Brevo n'a pas répondu dans les 0,3 secondes : réessayez dans quelques minutes.", outcome.Error);
    }

    [Fact]
    public void Connexions_and_campaigns_share_one_registration_and_an_empty_url_setting_means_Brevo_itself()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Presenca:Brevo:BaseUrl"] = "",
            ["Presenca:Brevo:Timeout"] = "00:00:42",
        }).Build();
        var services = new ServiceCollection();

        // The web app registers both features; the worker only campaigns.
        services.AddBrevo(configuration);
        services.AddBrevo(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(BrevoClient));
        using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(BrevoClient));
        Assert.Equal(new Uri("https://api.brevo.com/"), http.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(42), http.Timeout);
    }

    [Fact]
    public void Request_body_uses_Brevo_field_names_and_carries_Presenca_headers()
    {
        var batch = CampaignTestData.Batch("a@soleil.fr") with { SandboxDrop = true };

        var json = JsonSerializer.SerializeToElement(BrevoClient.ToBody(batch), BrevoJson.Options);

        Assert.Equal("agence@reseau-demo.fr", json.GetProperty("sender").GetProperty("email").GetString());
        var version = json.GetProperty("messageVersions")[0];
        Assert.Equal("a@soleil.fr", version.GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("Soleil", version.GetProperty("params").GetProperty("organisation").GetString());
        Assert.Equal("<p>Bonjour a@soleil.fr</p>", version.GetProperty("htmlContent").GetString());
        var headers = json.GetProperty("headers");
        Assert.Equal(BatchIdempotencyKey.For(batch.BatchId).ToString(), headers.GetProperty("idempotencyKey").GetString());
        Assert.Equal(new MailinCustom(batch.CampaignId, batch.BatchId), MailinCustom.TryParse(headers.GetProperty("X-Mailin-custom").GetString()));
        Assert.Equal("drop", headers.GetProperty("X-Sib-Sandbox").GetString());
        Assert.False(version.TryGetProperty("subject", out _), "a version without its own subject must not send null");
    }

    [Fact]
    public void A_batch_beyond_Brevo_limits_is_refused_before_any_call()
    {
        var tooMany = Enumerable.Range(0, EmailBatch.MaxVersions + 1).Select(i => $"r{i}@soleil.fr").ToArray();
        var crowdedVersion = new EmailVersion(Guid.NewGuid(), Enumerable.Range(0, 100).Select(i => new EmailAddress($"r{i}@soleil.fr")).ToList());

        Assert.Throws<ArgumentException>(() => CampaignTestData.Batch(tooMany));
        Assert.Throws<ArgumentException>(() => new EmailBatch(Guid.NewGuid(), Guid.NewGuid(), new EmailAddress("a@b.fr"), "s", "h", "t", [crowdedVersion]));
    }

    [Fact]
    public void Idempotency_key_is_a_version_5_uuid_stable_per_batch_and_distinct_between_batches()
    {
        var batch = Guid.NewGuid();

        var key = BatchIdempotencyKey.For(batch);

        Assert.Equal(key, BatchIdempotencyKey.For(batch));
        Assert.NotEqual(key, BatchIdempotencyKey.For(Guid.NewGuid()));
        Assert.NotEqual(batch, key);
        Assert.Equal(5, key.Version);
    }
}
