using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Campaigns.Pipeline;

namespace Presenca.Web.Tests.Campaigns.Pipeline;

/// <summary>
/// A webhook call authenticated for one Brevo connexion can only touch the campaigns sent through
/// that connexion: another client's campaign id or message id in its payload changes nothing.
/// </summary>
public sealed class WebhookIsolationTests() : SentCampaignWebhookTests(contacts: 2)
{
    private const string OtherSecret = "secret-webhook-de-l-autre-client";
    private const string OtherEmail = "client@autre-agence.fr";
    private const string OtherMessageId = "<autre.1@smtp-relay.mailin.fr>";
    private readonly Guid _otherOrganisation = Guid.NewGuid();
    private readonly Guid _otherAgency = Guid.NewGuid();
    private readonly Guid _otherCampaign = Guid.NewGuid();
    private Guid _otherConnexion;

    [Fact]
    public async Task Another_clients_campaign_id_or_message_id_sent_with_this_connexions_secret_changes_nothing()
    {
        await SeedOtherClientAsync();
        var before = await OtherStateAsync();

        var byCampaign = await PostAsync(OtherEvent("hard_bounce", custom: $"presenca;campaign={_otherCampaign:D};batch={Guid.NewGuid():D}"));
        var byMessageId = await PostAsync(OtherEvent("unsubscribed", custom: null));
        var both = await PostAsync(OtherEvent("delivered", custom: $"presenca;campaign={_otherCampaign:D};batch={Guid.NewGuid():D}"));

        // Accepted like any event Presenca does not know (Brevo would retry a refusal forever)...
        Assert.Equal(HttpStatusCode.OK, byCampaign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byMessageId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        // ...and applied to nothing: the other client's recipient, counters and contact are as they were.
        Assert.Equal(before, await OtherStateAsync());
        Assert.Equal("sent|f|f|1|0|0", before);

        // The same event through the other client's own connexion does apply: the payloads above were valid.
        await PostAsync(OtherEvent("hard_bounce", custom: $"presenca;campaign={_otherCampaign:D};batch={Guid.NewGuid():D}"), _otherConnexion, OtherSecret);
        Assert.Equal("bounced|t|f|0|0|1", await OtherStateAsync());
    }

    private async Task SeedOtherClientAsync()
    {
        await Harness.Database.ExecuteAsOwnerAsync($"""
            insert into organisations (organisation_id, organisation_nom) values ('{_otherOrganisation}', 'Autre organisation');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom) values ('{_otherAgency}', '{_otherOrganisation}', 'Autre agence');
            insert into contacts (organisation_id, client_id, email) values ('{_otherOrganisation}', '{_otherAgency}', '{OtherEmail}');
            """);
        // Through the app, so the secret is encrypted with the shared key ring.
        await using (var db = Harness.Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller))
        {
            var connexion = new BrevoConnexion
            {
                OrganisationId = _otherOrganisation,
                ClientType = ClientType.AgenceIndependante,
                ClientId = _otherAgency,
                ApiKey = "xkeysib-autre-client",
                WebhookSecret = OtherSecret,
            };
            db.BrevoConnexions.Add(connexion);
            await db.SaveChangesAsync();
            _otherConnexion = connexion.ConnexionId;
        }

        await Harness.Database.ExecuteAsOwnerAsync($"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status, started_at, brevo_connexion_id)
            values ('{_otherCampaign}', '{_otherOrganisation}', '{_otherAgency}', 'Campagne de l''autre client', 'Objet', '<p>Bonjour</p>', 'sent', now(), '{_otherConnexion}');
            insert into emails_sent (organisation_id, client_id, campaign_id, contact_id, recipient_email, status, brevo_message_id, sent_at)
            select organisation_id, client_id, '{_otherCampaign}', id, email, 'sent', '{OtherMessageId}', now() from contacts where email = '{OtherEmail}';
            """);
    }

    /// <summary>Recipient status | hard-bounced | unsubscribed | campaign's sent, delivered and bounced counters.</summary>
    private Task<string> OtherStateAsync() =>
        Harness.Database.QueryAsOwnerAsync<string>($"""
            select concat_ws('|', e.status, case when c.hard_bounced then 't' else 'f' end, case when c.desinscrit then 't' else 'f' end,
                             k.sent_count, k.delivered_count, k.bounced_count)
            from emails_sent e join contacts c on c.id = e.contact_id join email_campaigns k on k.id = e.campaign_id
            where e.campaign_id = '{_otherCampaign}'
            """);

    private static string OtherEvent(string name, string? custom)
    {
        var payload = new Dictionary<string, object?>
        {
            ["event"] = name,
            ["email"] = OtherEmail,
            ["id"] = 1,
            ["message-id"] = OtherMessageId,
            ["ts_event"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["reason"] = name == "hard_bounce" ? "550 utilisateur inconnu" : null,
        };
        if (custom is not null)
        {
            payload["X-Mailin-custom"] = custom;
        }

        return JsonSerializer.Serialize(payload);
    }

    private async Task<HttpResponseMessage> PostAsync(string json, Guid connexionId, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/brevo/{connexionId}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + secret);
        var response = await Client.SendAsync(request);
        await Harness.WaitForEventInboxAsync();
        return response;
    }
}
