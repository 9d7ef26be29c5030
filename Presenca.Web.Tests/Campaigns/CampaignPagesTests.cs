using System.Net;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Contacts;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// The campaign pages as the demo's agency uses them: templates with preview, the editor with its
/// recipient count and refusals, a sandbox send that finishes, and the buttons that act on it.
/// </summary>
public sealed class CampaignPagesTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task The_demo_agency_shows_a_finished_campaign_with_its_figures_and_a_draft_but_not_another_agency_s()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var list = await ContactsClient.PageAsync(client, "/campagnes");
        var rows = list.QuerySelectorAll("[data-testid=campaigns-table] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Lettre de printemps") && r.Contains("Envoyée"));
        Assert.Contains(rows, r => r.Contains("Lettre d'été (brouillon)") && r.Contains("Brouillon"));
        Assert.Equal(2, rows.Count(r => r.Contains("Lettre")));

        var finishedId = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select c.id from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.status = 'sent' and c.name = 'Lettre de printemps'");
        var finished = await ContactsClient.PageAsync(client, $"/campagnes/{finishedId}");
        var delivered = await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{finishedId}' and status = 'delivered'");
        Assert.True(delivered > 0);
        Assert.StartsWith(delivered.ToString(), finished.QuerySelector("[data-testid=final-delivered]")!.TextContent.Trim());
        Assert.NotNull(finished.QuerySelector("[data-testid=campaign-failures]"));
    }

    [Fact]
    public async Task A_template_preview_shows_a_chosen_contact_and_reports_unknown_merge_fields()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var contact = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select c.id from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.organization_name = 'Garage des Canuts' limit 1");

        var response = await SignedInClient.PostFormAsync(client, "/campagnes/modeles/nouveau", new Dictionary<string, string>
        {
            ["_handler"] = "template",
            ["Input.Name"] = "Relance",
            ["Input.Subject"] = "Pour {{organisation}}",
            ["Input.Content"] = "<p>Bonjour {{organisation}} &amp; {{prenon}}</p>",
            ["Input.PreviewContact"] = contact.ToString(),
            ["Input.Action"] = "apercu",
        });
        var page = await ParseAsync(response);

        Assert.Equal("Pour Garage des Canuts", page.QuerySelector("[data-testid=preview-subject]")!.TextContent);
        Assert.Equal("Bonjour Garage des Canuts &", page.QuerySelector("[data-testid=preview-text]")!.TextContent.Trim());
        Assert.Contains("{{prenon}}", page.QuerySelector("[data-testid=unknown-fields]")!.TextContent);
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_templates where name = 'Relance'"));
    }

    [Fact]
    public async Task A_campaign_with_an_unknown_merge_field_cannot_be_sent_and_nothing_is_saved()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var response = await SignedInClient.PostFormAsync(client, "/campagnes/nouvelle", Campaign("Champ faux", "<p>{{nom_inconnu}}</p>", "envoyer"));
        var page = await ParseAsync(response);

        Assert.Contains("{{nom_inconnu}}", page.QuerySelector("[data-testid=campaign-problem]")!.TextContent);
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_campaigns where name = 'Champ faux'"));
    }

    [Fact]
    public async Task The_recipient_count_excludes_unsubscribed_and_hard_bounced_contacts()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        const string pins = "from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Soleil' and c.organization_name = 'Camping Les Pins' and not c.desinscrit and not c.hard_bounced";
        var eligible = await factory.Database.QueryAsOwnerAsync<long>("select count(*) " + pins);
        await factory.Database.ExecuteAsOwnerAsync($"""
            update contacts set desinscrit = true where id = (select c.id {pins} order by c.email limit 1);
            update contacts set hard_bounced = true where id = (select c.id {pins} order by c.email desc limit 1);
            """);

        var fields = Campaign("Compte", "<p>Bonjour</p>", "compter");
        fields["Input.Audience"] = "recherche";
        fields["Input.Search"] = "Camping Les Pins";
        var page = await ParseAsync(await SignedInClient.PostFormAsync(client, "/campagnes/nouvelle", fields));

        Assert.Contains($"{eligible - 2} destinataire", page.QuerySelector("[data-testid=recipient-count]")?.TextContent ?? page.Body!.TextContent);
    }

    [Fact]
    public async Task A_sandbox_campaign_is_sent_finishes_and_can_be_duplicated_but_not_edited()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var fields = Campaign("Printemps", "<p>Bonjour {{organisation}}</p>", "envoyer");
        fields["Input.Audience"] = "recherche";
        fields["Input.Search"] = "caluire";

        var response = await SignedInClient.PostFormAsync(client, "/campagnes/nouvelle", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Contains("fait=envoi", location);
        var id = IdIn(location);

        await WaitForStatusAsync(id, "sent");
        var expected = await factory.Database.QueryAsOwnerAsync<long>(
            "select count(*) from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.organization_name = 'Mairie de Caluire' and not c.desinscrit and not c.hard_bounced");
        var final = await ContactsClient.PageAsync(client, $"/campagnes/{id}");
        Assert.Equal(expected.ToString(), final.QuerySelector("[data-testid=final-total]")!.TextContent.Trim());

        var edit = await ContactsClient.PageAsync(client, $"/campagnes/{id}/modifier");
        Assert.NotNull(edit.QuerySelector("[data-testid=not-editable]"));
        var duplicate = await SignedInClient.PostFormAsync(client, $"/campagnes/{id}/duplication", new Dictionary<string, string>(), formPage: $"/campagnes/{id}");
        Assert.Equal(HttpStatusCode.Redirect, duplicate.StatusCode);
        Assert.Equal("draft", await factory.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where duplicated_from = '{id}'"));

        // Another agency's user does not reach it at all.
        var soleil = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        Assert.Contains("Campagne introuvable", (await ContactsClient.PageAsync(soleil, $"/campagnes/{id}")).Title);
        var foreignPause = await SignedInClient.PostFormAsync(soleil, $"/campagnes/{id}/pause", new Dictionary<string, string>(), formPage: "/campagnes");
        Assert.Equal(HttpStatusCode.NotFound, foreignPause.StatusCode);
    }

    [Fact]
    public async Task A_test_send_goes_to_one_address_through_the_sandbox_and_adds_no_recipient()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var saved = await SignedInClient.PostFormAsync(client, "/campagnes/nouvelle", Campaign("Essai", "<p>Bonjour {{organisation}}</p>", "enregistrer"));
        var id = IdIn(saved.Headers.Location!.ToString());

        var refused = await SignedInClient.PostFormAsync(client, $"/campagnes/{id}/test", new Dictionary<string, string> { ["adresse"] = "pas une adresse" }, formPage: $"/campagnes/{id}");
        var sent = await SignedInClient.PostFormAsync(client, $"/campagnes/{id}/test", new Dictionary<string, string> { ["adresse"] = "moi@agence-nord.fr" }, formPage: $"/campagnes/{id}");

        Assert.Contains("adresse e-mail valide", (await ContactsClient.PageAsync(client, refused.Headers.Location!.ToString())).QuerySelector("[data-testid=campaign-test-result]")!.TextContent);
        Assert.Contains("E-mail de test envoyé à moi@agence-nord.fr (bac à sable", (await ContactsClient.PageAsync(client, sent.Headers.Location!.ToString())).QuerySelector("[data-testid=campaign-test-result]")!.TextContent);
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{id}'"));
        Assert.Equal("draft", await factory.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{id}'"));
    }

    [Fact]
    public async Task A_draft_is_cancelled_only_after_confirmation()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var saved = await SignedInClient.PostFormAsync(client, "/campagnes/nouvelle", Campaign("À annuler", "<p>Bonjour</p>", "enregistrer"));
        var id = IdIn(saved.Headers.Location!.ToString());

        var confirmation = await ContactsClient.PageAsync(client, $"/campagnes/{id}/annuler");
        Assert.NotNull(confirmation.QuerySelector("[data-testid=confirm-cancel]"));
        Assert.Equal("draft", await factory.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{id}'"));

        await SignedInClient.PostFormAsync(client, $"/campagnes/{id}/annulation", new Dictionary<string, string>(), formPage: $"/campagnes/{id}/annuler");
        Assert.Equal("cancelled", await factory.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{id}'"));
    }

    [Fact]
    public async Task A_director_generates_the_webhook_secret_once_and_Brevo_calls_with_it_are_accepted()
    {
        var connexion = Guid.NewGuid();
        _ = factory.Server; // the demo is seeded when the app starts
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into brevo_connexion (brevo_connexion_id, organisation_id, client_type, client_id)
            select '{connexion}', organisation_id, 'reseau', client_id from clients where client_nom = 'Réseau Démo'
            on conflict (client_id) do nothing;
            """);
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var connexionId = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select b.brevo_connexion_id from brevo_connexion b join clients k on k.client_id = b.client_id where k.client_nom = 'Réseau Démo'");

        var page = await ParseAsync(await SignedInClient.PostFormAsync(director, "/campagnes/webhook-brevo",
            new Dictionary<string, string> { ["_handler"] = "webhook-secret", ["Input.Confirm"] = "oui" }));
        var secret = page.QuerySelector("[data-testid=webhook-secret] code")!.TextContent;
        Assert.EndsWith($"/webhooks/brevo/{connexionId}", page.QuerySelector("[data-testid=webhook-url]")!.TextContent);
        Assert.StartsWith("CfDJ8", await factory.Database.QueryAsOwnerAsync<string>($"select brevo_webhook_secret from brevo_connexion where brevo_connexion_id = '{connexionId}'"));

        var again = await ContactsClient.PageAsync(director, "/campagnes/webhook-brevo");
        Assert.Null(again.QuerySelector("[data-testid=webhook-secret]"));
        Assert.DoesNotContain(secret, again.Body!.InnerHtml);

        using var brevo = SignedInClient.Anonymous(factory);
        using var call = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/brevo/{connexionId}")
        {
            Content = new StringContent("""{"event":"delivered","email":"x@exemple.fr","message-id":"<m@x>","ts_event":1700000000}""", System.Text.Encoding.UTF8, "application/json"),
        };
        call.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await brevo.SendAsync(call)).StatusCode);

        var test = await ParseAsync(await SignedInClient.PostFormAsync(director, "/campagnes/webhook-brevo",
            new Dictionary<string, string> { ["_handler"] = "sandbox-drop", ["Drop.Enable"] = "true" }));
        Assert.Contains("activé, aucun e-mail ne part", test.QuerySelector("[data-testid=sandbox-drop-state]")!.TextContent);
        Assert.True(await factory.Database.QueryAsOwnerAsync<bool>($"select brevo_sandbox_drop from brevo_connexion where brevo_connexion_id = '{connexionId}'"));
    }

    private static Dictionary<string, string> Campaign(string name, string content, string action) => new()
    {
        ["_handler"] = "campaign",
        ["Input.Name"] = name,
        ["Input.Subject"] = "Nouvelles de l'agence",
        ["Input.Content"] = content,
        ["Input.Audience"] = "tous",
        ["Input.Action"] = action,
    };

    private static Guid IdIn(string location) =>
        Guid.Parse(new Uri(new Uri("http://localhost"), location).AbsolutePath.Split('/')[2]);

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private async Task WaitForStatusAsync(Guid id, string status)
    {
        // A wait for the background pipeline, not a timing assertion.
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (await factory.Database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{id}'") == status)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Campaign {id} never reached {status}.");
    }
}
