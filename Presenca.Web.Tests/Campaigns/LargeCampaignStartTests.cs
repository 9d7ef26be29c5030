using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Contacts;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// "Envoyer maintenant" on an audience above the synchronous limit answers at once and leaves the
/// preparation of its recipients to the scheduler, instead of holding the request while they are
/// written (seconds for 100,000, most of a minute for 1,000,000).
/// </summary>
public sealed class LargeCampaignStartTests(LargeCampaignStartTests.Factory factory) : IClassFixture<LargeCampaignStartTests.Factory>
{
    public sealed class Factory : PresencaWebFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Presenca:Campaigns:Pipeline:SynchronousStartLimit"] = "10",
            // No worker in this app: the test runs the scheduler's tick itself, so what the click
            // left behind is seen before any tick could take it.
            ["Presenca:Campaigns:Pipeline:Enabled"] = "false",
        };
    }

    [Fact]
    public async Task Sending_a_large_audience_now_answers_at_once_and_the_scheduler_prepares_its_recipients()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var audience = await factory.Database.QueryAsOwnerAsync<long>(
            "select count(*) from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and not c.desinscrit and not c.hard_bounced");
        Assert.True(audience > 10);

        var response = await SignedInClient.PostFormAsync(client, "/campagnes/nouvelle", new Dictionary<string, string>
        {
            ["_handler"] = "campaign",
            ["Input.Name"] = "Grande liste",
            ["Input.Subject"] = "Nouvelles de l'agence",
            ["Input.Content"] = "<p>Bonjour {{organisation}}</p>",
            ["Input.Audience"] = "tous",
            ["Input.Action"] = "envoyer",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("fait=preparation", location);
        var id = Guid.Parse(new Uri(new Uri("http://localhost"), location).AbsolutePath.Split('/')[2]);
        Assert.Equal("scheduled", await StatusAsync(id));
        Assert.Equal(0L, await RecipientsAsync(id));
        var page = await ContactsClient.PageAsync(client, location);
        Assert.Equal("Envoi lancé : ses destinataires sont en préparation, la progression s'affichera ici dans quelques secondes.",
            page.QuerySelector("[data-testid=campaign-message]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid=campaign-preparing]"));
        Assert.Equal("3", page.QuerySelector("head meta[http-equiv=refresh]")?.GetAttribute("content"));

        await factory.Services.GetRequiredService<CampaignWorker>().TickAsync(CancellationToken.None);

        Assert.Equal("sending", await StatusAsync(id));
        Assert.Equal(audience, await RecipientsAsync(id));
        var sending = await ContactsClient.PageAsync(client, $"/campagnes/{id}");
        Assert.Null(sending.QuerySelector("head meta[http-equiv=refresh]"));
        Assert.Equal(CampaignLabels.Number((int)audience), sending.QuerySelector("[data-campaign-id] [data-field=total]")?.TextContent.Trim());
    }

    private Task<string> StatusAsync(Guid id) => factory.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{id}'");

    private Task<long> RecipientsAsync(Guid id) => factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{id}'");
}
