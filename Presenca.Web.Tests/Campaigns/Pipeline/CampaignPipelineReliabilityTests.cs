using Presenca.Web.Tests.Fakes;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// Issue 6 §7: the sending pipeline against a fake Brevo that fails on demand. Every test ends
/// with every recipient in exactly one final status and no address delivered twice.
/// </summary>
public sealed class CampaignPipelineReliabilityTests
{
    [Fact]
    public async Task A_worker_killed_mid_campaign_is_taken_over_after_its_lease_with_nobody_lost_or_emailed_twice()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 400, batchSize: 40, inProcessWorker: false);
        var campaign = await harness.CreateCampaignAsync();
        Assert.True((await harness.StartCampaignAsync(campaign)).Started);

        // Brevo answers slowly: the first worker dies while Brevo has taken a batch but before the
        // worker has heard back, the case the idempotency key exists for.
        harness.Fake.Latency = TimeSpan.FromSeconds(3);
        var first = harness.StartWorkerProcess();
        await harness.WaitUntilAsync(() => harness.Fake.Deliveries.Count >= 120, "the first worker sent three batches");
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        var callsBeforeKill = harness.Fake.SendCalls;
        harness.Fake.Latency = TimeSpan.Zero;

        harness.StartWorkerProcess();
        await harness.WaitForStatusAsync(campaign, "sent");

        var statuses = await harness.StatusCountsAsync(campaign);
        Assert.Equal(new Dictionary<string, long> { ["sent"] = 400 }, statuses);
        Assert.Empty(harness.Fake.DuplicateDeliveries());
        Assert.Equal(400, harness.Fake.Deliveries.Select(d => d.Recipient).Distinct().Count());
        // The batch in flight when the first worker died was sent again (same key, no new delivery).
        Assert.True(harness.Fake.SendCalls > 10, $"{harness.Fake.SendCalls} calls for 10 batches ({callsBeforeKill} before the kill)");
        Assert.Equal(400, await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}' and brevo_message_id is not null"));
    }

    [Fact]
    public async Task Brevo_answering_500_for_30_seconds_delays_the_campaign_which_then_completes()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 200, batchSize: 50, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();
        var outage = TimeSpan.FromSeconds(30);
        var recovery = DateTime.UtcNow + outage;
        harness.Fake.FailFor(outage, FakeBrevoFailure.ServerError);

        Assert.True((await harness.StartCampaignAsync(campaign)).Started);

        // Just before Brevo recovers: every batch is still being retried, none given up on.
        await harness.WaitUntilAsync(() => DateTime.UtcNow >= recovery - TimeSpan.FromSeconds(1), "29 seconds of outage");
        Assert.Empty(harness.Fake.Deliveries);
        Assert.Equal("sending", await harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'"));
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}' and status = 'failed'"));
        var callsDuringOutage = harness.Fake.SendCalls;
        Assert.True(callsDuringOutage > 4 * 2, $"{callsDuringOutage} calls for 4 batches: the failed calls were retried");

        await harness.WaitForStatusAsync(campaign, "sent");

        Assert.Equal(new Dictionary<string, long> { ["sent"] = 200 }, await harness.StatusCountsAsync(campaign));
        Assert.Empty(harness.Fake.DuplicateDeliveries());
        Assert.Equal(200, harness.Fake.Deliveries.Select(d => d.Recipient).Distinct().Count());
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from email_batches where campaign_id = '{campaign}' and status <> 'done'"));
    }

    [Fact]
    public async Task Brevo_rate_limiting_with_reset_headers_slows_the_campaign_which_then_completes()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 200, batchSize: 50, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();
        harness.Fake.RateLimitResetSeconds = 1;
        harness.Fake.SendRetryAfter = false;
        harness.Fake.FailNext(3, FakeBrevoFailure.RateLimited);

        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        await harness.WaitForStatusAsync(campaign, "sent");

        Assert.Equal(new Dictionary<string, long> { ["sent"] = 200 }, await harness.StatusCountsAsync(campaign));
        Assert.Equal(4 + 3, harness.Fake.SendCalls);
        Assert.Empty(harness.Fake.DuplicateDeliveries());
        // A 429 is not a failure: the batches' failure counters stayed at zero.
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"select coalesce(sum(attempts), 0) from email_batches where campaign_id = '{campaign}'"));
    }

    [Fact]
    public async Task The_daily_quota_pauses_the_campaign_which_resumes_by_itself_after_the_reset()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 150, batchSize: 50, inProcessWorker: true, dailyLimit: 100);
        var campaign = await harness.CreateCampaignAsync();

        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        await harness.WaitForStatusAsync(campaign, "paused");

        Assert.Equal(100, harness.Fake.Deliveries.Count);
        var reason = await harness.Database.QueryAsOwnerAsync<string>($"select pause_reason from email_campaigns where id = '{campaign}'");
        Assert.Contains("Limite quotidienne Brevo atteinte", reason);
        Assert.Contains("reprendra d'elle-même", reason);

        // Midnight in Paris, as far as the connexion knows.
        await harness.Database.ExecuteAsOwnerAsync($"update brevo_connexion set brevo_reset_quota_at = now() - interval '1 second' where brevo_connexion_id = '{harness.ConnexionId}'");
        await harness.WaitForStatusAsync(campaign, "sent");

        Assert.Equal(new Dictionary<string, long> { ["sent"] = 150 }, await harness.StatusCountsAsync(campaign));
        Assert.Empty(harness.Fake.DuplicateDeliveries());
        Assert.Equal(50, await harness.Database.QueryAsOwnerAsync<int>($"select brevo_usage_quotidien from brevo_connexion where brevo_connexion_id = '{harness.ConnexionId}'"));
    }
}
