using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Data;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Tests.Campaigns.Pipeline;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Tests.Unsubscribe;

/// <summary>What the fake Brevo receives: every campaign email with its recipient's own List-Unsubscribe and visible link.</summary>
public sealed partial class UnsubscribeSendingTests
{
    [Fact]
    public async Task Every_version_of_every_batch_carries_both_headers_and_its_recipients_own_link_in_html_and_text()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 7, batchSize: 3, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();

        await harness.StartCampaignAsync(campaign);
        await harness.WaitForStatusAsync(campaign, "sent");

        var tokens = harness.Services.GetRequiredService<UnsubscribeTokens>();
        var deliveries = harness.Fake.Deliveries;
        Assert.Equal(7, deliveries.Count);
        Assert.Equal(3, deliveries.Select(d => d.IdempotencyKey).Distinct().Count());
        foreach (var delivery in deliveries)
        {
            var link = Link(delivery.Html);
            Assert.StartsWith(PipelineHarness.PublicBaseUrl + "desinscription/", link);
            Assert.Equal($"<{link}>", delivery.Headers!["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", delivery.Headers["List-Unsubscribe-Post"]);
            Assert.Contains("Vous recevez cet e-mail de la part de Réseau pipeline", delivery.Html);
            Assert.Contains($"désinscrivez-vous ({link})", delivery.Text);

            var ticket = tokens.Read(link[(link.LastIndexOf('/') + 1)..]);
            var contact = await harness.Database.QueryAsOwnerAsync<Guid>($"select id from contacts where email = '{delivery.Recipient}'");
            Assert.Equal(new UnsubscribeTicket(harness.OrganisationId, harness.ReseauId, contact, campaign), ticket);
        }

        Assert.Equal(7, deliveries.Select(d => Link(d.Html)).Distinct().Count());

        // A test send shows the footer but names nobody: no List-Unsubscribe.
        await using (var db = harness.Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller))
        {
            var draft = await db.EmailCampaigns.FindAsync(await harness.CreateCampaignAsync());
            var test = await harness.Services.GetRequiredService<CampaignTestSend>().SendAsync(db, draft!, "essai@exemple.fr", CancellationToken.None);
            Assert.True(test.Sent, test.Message);
        }

        var testEmail = harness.Fake.Deliveries.Single(d => d.Recipient == "essai@exemple.fr");
        Assert.False(testEmail.Headers!.ContainsKey("List-Unsubscribe"));
        Assert.Contains("désinscrivez-vous", testEmail.Html);
    }

    [Fact]
    public async Task A_template_with_its_own_link_gets_the_recipients_link_there_and_no_footer()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 2, batchSize: 10, inProcessWorker: true);
        var campaign = await harness.CreateCampaignAsync();
        await harness.Database.ExecuteAsOwnerAsync($$$"""
            update email_campaigns set content = '<p>Bonjour</p><p><a href="{{desinscription}}">Ne plus recevoir nos offres</a></p>' where id = '{{{campaign}}}'
            """);

        await harness.StartCampaignAsync(campaign);
        await harness.WaitForStatusAsync(campaign, "sent");

        foreach (var delivery in harness.Fake.Deliveries)
        {
            var link = Link(delivery.Html);
            Assert.Contains($"<a href=\"{link}\">Ne plus recevoir nos offres</a>", delivery.Html);
            Assert.DoesNotContain("désinscrivez-vous", delivery.Html);
            Assert.Equal($"<{link}>", delivery.Headers!["List-Unsubscribe"]);
        }
    }

    [Fact]
    public async Task Sending_refuses_to_start_without_the_public_address_and_names_the_setting()
    {
        await using var harness = await PipelineHarness.StartAsync(
            contacts: 3, batchSize: 10, inProcessWorker: false,
            extraSettings: new Dictionary<string, string?> { ["Presenca:PublicBaseUrl"] = "" });
        var campaign = await harness.CreateCampaignAsync();

        var start = await harness.StartCampaignAsync(campaign);

        Assert.False(start.Started);
        Assert.Contains("Presenca:PublicBaseUrl", start.Refusal);
        Assert.Equal("draft", await harness.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'"));
        Assert.Equal(0L, await harness.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{campaign}'"));
    }

    [Fact]
    public async Task A_worker_without_the_public_address_pauses_the_campaign_naming_the_setting_and_sends_nothing()
    {
        await using var harness = await PipelineHarness.StartAsync(contacts: 3, batchSize: 10, inProcessWorker: false);
        var campaign = await harness.CreateCampaignAsync();
        Assert.True((await harness.StartCampaignAsync(campaign)).Started);

        harness.StartWorkerProcess(new Dictionary<string, string?> { ["Presenca:PublicBaseUrl"] = "" });
        await harness.WaitForStatusAsync(campaign, "paused");

        Assert.Contains("Presenca:PublicBaseUrl", await harness.Database.QueryAsOwnerAsync<string>($"select pause_reason from email_campaigns where id = '{campaign}'"));
        Assert.Empty(harness.Fake.Deliveries);
        Assert.Equal(3, (await harness.StatusCountsAsync(campaign)).GetValueOrDefault("pending"));
    }

    internal static string Link(string? html) =>
        LinkPattern().Match(html ?? "") is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No unsubscribe link in: {html}");

    [GeneratedRegex("href=\"([^\"]*/desinscription/[^\"]+)\"")]
    private static partial Regex LinkPattern();
}
