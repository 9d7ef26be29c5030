using Microsoft.Extensions.DependencyInjection;
using Presenca.Data;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tests.Fakes;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// What users and Brevo's refusals do to a campaign in flight: pause and cancel take effect
/// before the next batch, 401/402 pause with a French explanation, a 400 fails the batch's
/// recipients with Brevo's reason, and a scheduled campaign starts when its time comes.
/// </summary>
public sealed class CampaignPipelineControlTests
{
    // What the fake Brevo answers for a malformed address, as the pipeline records it.
    private const string BrevoRefusal = "Brevo a refusé l'envoi : email is not valid in to (invalid_parameter).";

    [Fact]
    public async Task A_paused_campaign_sends_no_further_batch_until_resumed_then_completes()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 200, batchSize: 20, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();
        harness.Fake.Latency = TimeSpan.FromMilliseconds(300);
        try
        {
            await harness.StartCampaignAsync(campaign);
            await harness.WaitUntilAsync(() => harness.Fake.Deliveries.Count >= 40, "two batches went");

            Assert.True(await ControlAsync(harness, db => CampaignControls.PauseAsync(db, campaign)));
            await WaitUntilQuietAsync(harness, campaign);
            var afterPause = harness.Fake.Deliveries.Count;

            // What every worker does next: nothing of a paused campaign can be claimed.
            Assert.Null(await harness.Services.GetRequiredService<CampaignBatchSender>().ClaimAsync(CancellationToken.None));
            Assert.Equal(afterPause, harness.Fake.Deliveries.Count);
            Assert.True(afterPause < 200);
            Assert.Equal(200 - afterPause, (await harness.StatusCountsAsync(campaign)).GetValueOrDefault("pending"));
            Assert.Equal("paused", await harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'"));
        }
        finally
        {
            harness.Fake.Latency = TimeSpan.Zero;
        }

        Assert.True(await ControlAsync(harness, db => CampaignControls.ResumeAsync(db, campaign)));
        await harness.WaitForStatusAsync(campaign, "sent");
        Assert.Equal(200, harness.Fake.Deliveries.Count);
        Assert.Empty(harness.Fake.DuplicateDeliveries());
    }

    [Fact]
    public async Task A_cancelled_campaign_never_sends_the_recipients_not_yet_handed_to_Brevo()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 200, batchSize: 20, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();
        harness.Fake.Latency = TimeSpan.FromMilliseconds(300);
        int delivered;
        try
        {
            await harness.StartCampaignAsync(campaign);
            await harness.WaitUntilAsync(() => harness.Fake.Deliveries.Count >= 20, "a batch went");

            Assert.True(await ControlAsync(harness, db => CampaignControls.CancelAsync(db, campaign)));
            await WaitUntilQuietAsync(harness, campaign);
            delivered = harness.Fake.Deliveries.Count;
            Assert.Null(await harness.Services.GetRequiredService<CampaignBatchSender>().ClaimAsync(CancellationToken.None));
        }
        finally
        {
            harness.Fake.Latency = TimeSpan.Zero;
        }

        Assert.Equal(delivered, harness.Fake.Deliveries.Count);
        // The recipients never handed to Brevo are removed by the scheduler: a cancelled campaign
        // keeps no pending rows, and its counters say what was really sent.
        await Eventually.UntilAsync(
            async () => !(await harness.StatusCountsAsync(campaign)).ContainsKey("pending"),
            "the cancelled campaign's pending recipients removed");

        Assert.Equal(new Dictionary<string, long> { ["sent"] = delivered }, await harness.StatusCountsAsync(campaign));
        Assert.Equal($"{delivered},0", await harness.Database.QueryAsOwnerAsync<string>($"select total_recipients || ',' || pending_count from email_campaigns where id = '{campaign}'"));
        Assert.True(delivered < 200);
        Assert.False(await ControlAsync(harness, db => CampaignControls.ResumeAsync(db, campaign)));
    }

    [Theory]
    [InlineData(FakeBrevoFailure.Unauthorized, "clé API")]
    [InlineData(FakeBrevoFailure.PaymentRequired, "crédits")]
    public async Task A_refused_key_or_an_account_without_credits_pauses_the_campaign_with_a_French_explanation(FakeBrevoFailure failure, string explanation)
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 60, batchSize: 20, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();
        harness.Fake.FailNext(1, failure);

        await harness.StartCampaignAsync(campaign);
        await harness.WaitForStatusAsync(campaign, "paused");

        Assert.Contains(explanation, await harness.Database.QueryAsOwnerAsync<string>($"select pause_reason from email_campaigns where id = '{campaign}'"));
        Assert.Empty(harness.Fake.Deliveries);
        Assert.True(await ControlAsync(harness, db => CampaignControls.ResumeAsync(db, campaign)));
        await harness.WaitForStatusAsync(campaign, "sent");
        Assert.Equal(60, harness.Fake.Deliveries.Count);
    }

    [Fact]
    public async Task Recipients_Brevo_refuses_with_a_400_are_recorded_failed_with_the_reason_and_the_rest_is_sent()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 40, batchSize: 20, inProcessWorker: true);
        // Brevo refuses the whole call for one malformed address (an import from before the checks).
        await harness.Database.ExecuteAsOwnerAsync($"""
            update contacts set email = 'adresse invalide@exemple' where email = 'destinataire7@exemple.fr';
            """);
        var campaign = await harness.CreateCampaignAsync();

        await harness.StartCampaignAsync(campaign);
        await harness.WaitForStatusAsync(campaign, "sent");

        var statuses = await harness.StatusCountsAsync(campaign);
        Assert.Equal(20, statuses["failed"]);
        Assert.Equal(20, statuses["sent"]);
        var reason = await harness.Database.QueryAsOwnerAsync<string>($"select failure_reason from emails_sent where campaign_id = '{campaign}' and recipient_email = 'adresse invalide@exemple'");
        Assert.Equal(BrevoRefusal, reason);
    }

    [Fact]
    public async Task A_connexion_in_Brevo_test_mode_sends_every_batch_with_the_drop_header_and_nothing_is_delivered()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 50, batchSize: 20, inProcessWorker: true);
        await harness.Database.ExecuteAsOwnerAsync($"update brevo_connexion set brevo_sandbox_drop = true where brevo_connexion_id = '{harness.ConnexionId}'");
        var campaign = await harness.CreateCampaignAsync();

        await harness.StartCampaignAsync(campaign);
        await harness.WaitForStatusAsync(campaign, "sent");

        Assert.Empty(harness.Fake.Deliveries);
        Assert.Equal(50, harness.Fake.Dropped.Count);
        Assert.Equal(new Dictionary<string, long> { ["sent"] = 50 }, await harness.StatusCountsAsync(campaign));
    }

    [Fact]
    public async Task A_scheduled_campaign_starts_by_itself_when_its_time_comes()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 30, batchSize: 20, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();
        await harness.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'scheduled', scheduled_at = now() + interval '2 seconds' where id = '{campaign}'");

        Assert.Equal("scheduled", await harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'"));
        await harness.WaitForStatusAsync(campaign, "sent");

        Assert.Equal(30, harness.Fake.Deliveries.Count);
        Assert.True(await harness.Database.QueryAsOwnerAsync<bool>($"select started_at >= scheduled_at from email_campaigns where id = '{campaign}'"));
    }

    /// <summary>
    /// No batch of the campaign is claimed and no recipient is being handed to Brevo: the batch that
    /// was in flight when the user clicked has finished, or was released when it read the status again.
    /// </summary>
    private static Task WaitUntilQuietAsync(PipelineHarness harness, Guid campaign) =>
        Eventually.UntilAsync(
            async () => await harness.Database.QueryAsOwnerAsync<long>($"""
                select (select count(*) from email_batches where campaign_id = '{campaign}' and status = 'claimed')
                     + (select count(*) from emails_sent where campaign_id = '{campaign}' and status = 'sending')
                """) == 0,
            "the batch in flight finished");

    // As the network's director would click it: the page's context with the user's identity.
    private static async Task<bool> ControlAsync(PipelineHarness harness, Func<PresencaDbContext, Task<bool>> action)
    {
        var director = new Presenca.Data.Tenancy.Caller(Guid.NewGuid(), harness.OrganisationId, harness.ReseauId, Presenca.Data.Tenancy.UserRole.DirecteurReseau, harness.ReseauId);
        await using var db = harness.Services.GetRequiredService<PresencaDatabase>().CreateContext(director);
        return await action(db);
    }
}
