using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Data;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// A real connexion never goes to the sandbox (issue 13): without its API key it cannot send at
/// all, and says which is missing; without any connexion the sandbox serves only where it is
/// allowed; and the sandbox's made-up bounces never mark contacts outside the demo.
/// </summary>
public sealed class SendingRouteTests
{
    private static readonly Dictionary<string, string?> SandboxAllowed = new()
    {
        ["Presenca:Campaigns:Pipeline:SandboxWithoutConnexion"] = "true",
        ["Presenca:Campaigns:Sandbox:EventSpread"] = "00:00:00.200",
        ["Presenca:Campaigns:Sandbox:RateLimitEveryNthCall"] = "0",
        ["Presenca:Campaigns:Sandbox:BounceRate"] = "0",
    };

    [Fact]
    public async Task A_connexion_without_an_api_key_refuses_the_start_and_the_test_send_naming_the_key_and_changes_nothing()
    {
        // Even where the sandbox is allowed: a connexion row written by SQL or an import, or whose
        // key was lost, must not "send" through it.
        await using var harness = await PipelineHarness.StartAsync(contacts: 5, batchSize: 10, inProcessWorker: true, withApiKey: false, extraSettings: SandboxAllowed);
        var campaign = await harness.CreateCampaignAsync();

        var start = await harness.StartCampaignAsync(campaign);
        var test = await TestSendAsync(harness, campaign);

        Assert.False(start.Started);
        Assert.Equal(SendingRoute.MissingApiKey, start.Refusal);
        Assert.Contains("n'a pas de clé API", start.Refusal);
        Assert.False(test.Sent);
        Assert.Equal(SendingRoute.MissingApiKey, test.Message);
        Assert.Equal("draft", await harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'"));
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}'"));
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from email_batches where campaign_id = '{campaign}'"));
        Assert.Equal(0, await harness.Database.QueryAsOwnerAsync<int>($"select brevo_usage_quotidien from brevo_connexion where brevo_connexion_id = '{harness.ConnexionId}'"));
        Assert.Empty(harness.Fake.Deliveries);
    }

    [Fact]
    public async Task A_key_removed_after_the_start_pauses_the_campaign_before_its_batch_goes_anywhere()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 5, batchSize: 10, inProcessWorker: false, extraSettings: SandboxAllowed);
        var campaign = await harness.CreateCampaignAsync();
        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        await harness.Services.GetRequiredService<CampaignPreparer>().PrepareAllAsync(campaign, CancellationToken.None);
        await harness.Database.ExecuteAsOwnerAsync($"update brevo_connexion set brevo_api_key = null where brevo_connexion_id = '{harness.ConnexionId}'");
        var sender = harness.Services.GetRequiredService<CampaignBatchSender>();

        var batch = await sender.ClaimAsync(CancellationToken.None);
        await sender.SendAsync(batch!, CancellationToken.None);

        Assert.Equal("paused", await harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'"));
        Assert.StartsWith(SendingRoute.MissingApiKey, await harness.Database.QueryAsOwnerAsync<string>($"select pause_reason from email_campaigns where id = '{campaign}'"));
        Assert.Equal(new Dictionary<string, long> { ["pending"] = 5 }, await harness.StatusCountsAsync(campaign));
        Assert.Empty(harness.Fake.Deliveries);
    }

    [Fact]
    public async Task Without_any_connexion_and_without_the_sandbox_the_start_and_the_test_send_are_refused()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 5, batchSize: 10, inProcessWorker: true, withConnexion: false);
        var campaign = await harness.CreateCampaignAsync();

        var start = await harness.StartCampaignAsync(campaign);
        var test = await TestSendAsync(harness, campaign);

        Assert.False(start.Started);
        Assert.StartsWith("Aucune connexion Brevo active pour envoyer cette campagne.", start.Refusal);
        Assert.False(test.Sent);
        Assert.Equal(start.Refusal, test.Message);
        Assert.Equal("draft", await harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'"));
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}'"));
    }

    [Fact]
    public async Task Sandbox_bounces_outside_the_demo_organisation_never_mark_the_contact()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 3, batchSize: 10, inProcessWorker: true, withConnexion: false, extraSettings: SandboxAllowed);
        await harness.Database.ExecuteAsOwnerAsync($"""
            insert into contacts (organisation_id, client_id, email) values ('{harness.OrganisationId}', '{harness.ReseauId}', 'bounce.reel@exemple.fr');
            """);
        var campaign = await harness.CreateCampaignAsync();

        Assert.True((await harness.StartCampaignAsync(campaign)).Started);
        await harness.WaitForStatusAsync(campaign, "sent");
        await harness.WaitUntilAsync(
            () => harness.Database.QueryAsOwnerAsync<string>($"select status from emails_sent where campaign_id = '{campaign}' and recipient_email = 'bounce.reel@exemple.fr'").Result == "bounced",
            "the sandbox played its bounce");

        Assert.False(await harness.Database.QueryAsOwnerAsync<bool>("select hard_bounced from contacts where email = 'bounce.reel@exemple.fr'"));
        Assert.Equal(4, await harness.AudienceAsync(await harness.CreateCampaignAsync()));
    }

    private static async Task<TestSendOutcome> TestSendAsync(PipelineHarness harness, Guid campaignId)
    {
        await using var db = harness.Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller);
        var campaign = await db.EmailCampaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId);
        return await harness.Services.GetRequiredService<CampaignTestSend>().SendAsync(db, campaign, "moi@exemple.fr", CancellationToken.None);
    }
}
