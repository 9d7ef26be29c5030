using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Data;
using Presenca.Web.Campaigns;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Campaigns.CampaignPageSteps;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// The campaign pages as the demo's agency uses them, in their circuit: templates with preview, the
/// editor with its recipient count and refusals, a sandbox send confirmed in a dialog that
/// finishes, and the buttons that act on it.
/// </summary>
public sealed class CampaignPagesTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task The_demo_agency_shows_a_finished_campaign_with_its_figures_and_a_draft_but_not_another_agency_s()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);

        var list = page.Render<CampaignsPage>();
        await list.WaitForAssertionAsync(() => Assert.NotEmpty(list.FindAll("[data-testid=campaigns-table] tbody tr a")));
        var rows = list.FindAll("[data-testid=campaigns-table] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Lettre de printemps") && r.Contains("Envoyée"));
        Assert.Contains(rows, r => r.Contains(DemoCampaigns.DraftName) && r.Contains("Brouillon"));
        Assert.Equal(2, rows.Count(r => r.Contains("Lettre")));

        var finishedId = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select c.id from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.status = 'sent' and c.name = 'Lettre de printemps'");
        var delivered = await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{finishedId}' and status = 'delivered'");
        var total = await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{finishedId}'");
        Assert.True(delivered > 0);
        var finished = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, finishedId));
        await LoadedAsync(finished, "[data-testid=campaign-status]");
        var rate = (100.0 * delivered / total).ToString("0.#", CampaignLabels.French);
        Assert.Equal($"{CampaignLabels.Number((int)delivered)} ({rate} %)", Text(finished, "final-delivered"));
        Assert.Equal(CampaignLabels.Number((int)total), Text(finished, "final-total"));
        Assert.NotEmpty(finished.FindAll("[data-testid=campaign-failures] li"));
        Assert.Empty(finished.FindAll("[data-testid=pause]"));
    }

    [Fact]
    public async Task The_campaigns_table_is_sorted_and_paged_by_the_server()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        for (var i = 0; i < CampaignsPage.PageSize + 2; i++)
        {
            await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceIndependanteNom, $"Série {i:00}");
        }

        var soleilCampaigns = await factory.Database.QueryAsOwnerAsync<long>(
            "select count(*) from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Soleil'");
        var list = page.Render<CampaignsPage>();
        await list.WaitForAssertionAsync(() => Assert.Equal(CampaignsPage.PageSize, list.FindAll("[data-testid=campaigns-table] tbody tr a").Count));
        await list.WaitForAssertionAsync(() => Assert.Contains($"1–{CampaignsPage.PageSize} sur {soleilCampaigns}", list.Find(".mud-table-pagination").TextContent));

        var firstByName = await factory.Database.QueryAsOwnerAsync<string>(
            "select c.name from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Soleil' order by c.name, c.id limit 1");
        var firstByDate = list.Find("[data-testid=campaigns-table] tbody tr a").TextContent.Trim();
        Assert.StartsWith("Série", firstByDate); // newest first

        // Sorting by name, on the server: the first page starts with the first name in PostgreSQL's order.
        await list.FindAll(".mud-table-sort-label").Single(l => l.TextContent.Contains("Campagne")).ClickAsync(new());
        await list.WaitForAssertionAsync(() => Assert.Equal(firstByName, list.Find("[data-testid=campaigns-table] tbody tr a").TextContent.Trim()));
    }

    [Fact]
    public async Task A_template_preview_shows_a_chosen_contact_and_reports_unknown_merge_fields()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var contact = await factory.Database.QueryAsOwnerAsync<string>("""
            select email from (select c.email, c.organization_name from contacts c join clients k on k.client_id = c.client_id
                               where k.client_nom = 'Agence Lyon Nord' order by c.email limit 100) offered
            where organization_name = 'Garage des Canuts' order by email limit 1
            """);
        var popovers = page.Render<MudPopoverProvider>();
        var editor = page.Render<TemplateEditorPage>();
        await LoadedAsync(editor, "#name");

        await editor.Find("#name").ChangeAsync(new ChangeEventArgs { Value = "Relance" });
        await editor.Find("#subject").ChangeAsync(new ChangeEventArgs { Value = "Pour {{organisation}}" });
        editor.Find("#content").Change("<p>Bonjour {{organisation}} &amp; {{prenon}}</p>");
        await editor.Find("[data-testid=preview-button]").ClickAsync(new());
        await editor.WaitForAssertionAsync(() => Assert.Equal("Pour Exemple SARL", Text(editor, "preview-subject")));
        await ChooseAsync(editor, popovers, "preview-contact", $"{contact} — Garage des Canuts");
        await editor.Find("[data-testid=preview-button]").ClickAsync(new());

        await editor.WaitForAssertionAsync(() => Assert.Equal("Pour Garage des Canuts", Text(editor, "preview-subject")));
        // Without {{desinscription}} the preview shows the footer every email will carry, and says so.
        Assert.StartsWith("Bonjour Garage des Canuts &\n\nVous recevez cet e-mail de la part de Agence Lyon Nord.", Text(editor, "preview-text"));
        Assert.Contains("pied de page de désinscription", Text(editor, "unsubscribe-footer"));
        Assert.Contains("{{prenon}}", Text(editor, "unknown-fields"));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_templates where name = 'Relance'"));
    }

    [Fact]
    public async Task A_template_is_saved_for_the_agency_and_its_preview_uses_only_the_agency_s_contacts()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var editor = page.Render<TemplateEditorPage>();
        await LoadedAsync(editor, "#name");
        await editor.Find("#name").ChangeAsync(new ChangeEventArgs { Value = "Modèle de rentrée" });
        await editor.Find("[data-testid=save]").ClickAsync(new());

        await editor.WaitForAssertionAsync(() => Assert.Contains("Modèle enregistré.", Snackbars(page)));
        var owner = await factory.Database.QueryAsOwnerAsync<string>(
            "select k.client_nom from email_templates t join clients k on k.client_id = t.client_id where t.name = 'Modèle de rentrée'");
        Assert.Equal(DemoAccounts.AgenceNordNom, owner);
        Assert.StartsWith("/campagnes/modeles/", CurrentPath(page));
    }

    [Fact]
    public async Task A_template_without_a_name_is_refused_with_a_field_message_and_the_typed_fields_stay()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var editor = page.Render<TemplateEditorPage>();
        await LoadedAsync(editor, "#name");
        await editor.Find("#subject").ChangeAsync(new ChangeEventArgs { Value = "Objet gardé" });
        await editor.Find("[data-testid=save]").ClickAsync(new());

        await editor.WaitForAssertionAsync(() => Assert.Contains("Donnez un nom au modèle.", editor.Markup));
        Assert.Equal("Objet gardé", editor.Find("#subject").GetAttribute("value"));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_templates where subject = 'Objet gardé'"));
    }

    [Fact]
    public async Task A_campaign_with_an_unknown_merge_field_cannot_be_sent_and_nothing_is_saved()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var dialogs = page.Render<MudDialogProvider>();
        var editor = page.Render<CampaignEditorPage>();
        await LoadedAsync(editor, "#name");

        await FillAsync(editor, "Champ faux", "<p>{{nom_inconnu}}</p>");
        editor.Find("[data-testid=send]").Press();

        await editor.WaitForAssertionAsync(() => Assert.Contains("{{nom_inconnu}}", Text(editor, "campaign-problem")));
        Assert.Empty(dialogs.FindAll("button"));
        Assert.Equal("Champ faux", editor.Find("#name").GetAttribute("value"));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_campaigns where name = 'Champ faux'"));
    }

    [Fact]
    public async Task The_recipient_count_excludes_unsubscribed_and_hard_bounced_contacts()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        const string pins = "from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Soleil' and c.organization_name = 'Camping Les Pins' and not c.desinscrit and not c.hard_bounced";
        var eligible = await factory.Database.QueryAsOwnerAsync<long>("select count(*) " + pins);
        await factory.Database.ExecuteAsOwnerAsync($"""
            update contacts set desinscrit = true where id = (select c.id {pins} order by c.email limit 1);
            update contacts set hard_bounced = true where id = (select c.id {pins} order by c.email desc limit 1);
            """);
        var editor = page.Render<CampaignEditorPage>();
        await LoadedAsync(editor, "#name");

        await FillAsync(editor, "Compte", "<p>Bonjour</p>");
        await ChooseSearchAsync(editor, "Camping Les Pins");
        await editor.Find("[data-testid=count]").ClickAsync(new());

        await editor.WaitForAssertionAsync(() => Assert.Equal($"{eligible - 2} destinataire(s) (désinscrits et adresses en erreur définitive exclus).", Text(editor, "recipient-count")));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_campaigns where name = 'Compte'"));
    }

    [Fact]
    public async Task Sending_now_states_the_recipient_count_and_the_sender_then_a_sandbox_campaign_finishes_and_is_duplicated_not_edited()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var expected = await factory.Database.QueryAsOwnerAsync<long>(
            "select count(*) from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.organization_name = 'Mairie de Caluire' and not c.desinscrit and not c.hard_bounced");
        var dialogs = page.Render<MudDialogProvider>();
        var editor = page.Render<CampaignEditorPage>();
        await LoadedAsync(editor, "#name");
        await FillAsync(editor, "Printemps", "<p>Bonjour {{organisation}}</p>");
        await ChooseSearchAsync(editor, "caluire");

        editor.Find("[data-testid=send]").Press();
        await dialogs.WaitForAssertionAsync(() => Assert.Contains(
            $"« Printemps » part maintenant vers {CampaignLabels.Number((int)expected)} destinataire(s), de la part de campagnes@sandbox.presenca.local — bac à sable",
            dialogs.Markup));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from email_campaigns where name = 'Printemps'"));
        await ClickDialogButtonAsync(dialogs, "Envoyer maintenant");

        await editor.WaitForAssertionAsync(() => Assert.Contains("Envoi lancé : suivez sa progression ci-dessous.", Snackbars(page)));
        var id = CampaignIdOfCurrentPage(page);
        await WaitForStatusAsync(factory.Database, id, "sent");
        var final = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        await LoadedAsync(final, "[data-testid=campaign-status]");
        Assert.Equal(CampaignLabels.Number((int)expected), Text(final, "final-total"));

        var edit = page.Render<CampaignEditorPage>(p => p.Add(x => x.Id, id));

        await LoadedAsync(edit, "[data-testid=not-editable]");
        Assert.NotNull(edit.Find("[data-testid=not-editable]"));
        await final.Find("[data-testid=duplicate]").ClickAsync(new());
        await final.WaitForAssertionAsync(() => Assert.Contains("Copie créée : adaptez-la puis envoyez-la.", Snackbars(page)));
        var copy = await factory.Database.QueryAsOwnerAsync<Guid>($"select id from email_campaigns where duplicated_from = '{id}'");
        Assert.Equal("draft", await StatusAsync(factory.Database, copy));
        Assert.Equal($"/campagnes/{copy}/modifier", CurrentPath(page));
    }

    [Fact]
    public async Task Cancelling_the_send_dialog_sends_nothing()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "Pas encore", audienceSearch: "caluire");
        var dialogs = page.Render<MudDialogProvider>();
        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        await LoadedAsync(detail, "[data-testid=campaign-status]");

        detail.Find("[data-testid=send-now]").Press();
        await ClickDialogButtonAsync(dialogs, "Annuler");

        await dialogs.WaitForAssertionAsync(() => Assert.Empty(dialogs.FindAll("button")));
        Assert.Equal("draft", await StatusAsync(factory.Database, id));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{id}'"));
        Assert.Empty(Snackbars(page));
    }

    [Fact]
    public async Task A_test_send_goes_to_one_address_through_the_sandbox_and_adds_no_recipient()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "Essai");
        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        await LoadedAsync(detail, "[data-testid=campaign-status]");

        await detail.Find("#test-address").ChangeAsync(new ChangeEventArgs { Value = "pas une adresse" });
        await detail.Find("[data-testid=test-send]").ClickAsync(new());
        await detail.WaitForAssertionAsync(() => Assert.Contains("Indiquez une adresse e-mail valide pour l'envoi de test.", detail.Markup));
        await detail.Find("#test-address").ChangeAsync(new ChangeEventArgs { Value = "moi@agence-nord.fr" });
        await detail.Find("[data-testid=test-send]").ClickAsync(new());

        await detail.WaitForAssertionAsync(() => Assert.Contains("E-mail de test envoyé à moi@agence-nord.fr (bac à sable : aucun e-mail ne part réellement).", Snackbars(page)));
        Assert.DoesNotContain("adresse e-mail valide", detail.Markup);
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{id}'"));
        Assert.Equal("draft", await StatusAsync(factory.Database, id));
    }

    [Fact]
    public async Task A_draft_is_cancelled_only_after_confirmation_in_a_dialog()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "À annuler");
        var dialogs = page.Render<MudDialogProvider>();
        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        await LoadedAsync(detail, "[data-testid=campaign-status]");

        detail.Find("[data-testid=cancel]").Press();
        await dialogs.WaitForAssertionAsync(() => Assert.Contains("La campagne « À annuler » sera annulée.", dialogs.Markup));
        await ClickDialogButtonAsync(dialogs, "Revenir sans annuler");
        await dialogs.WaitForAssertionAsync(() => Assert.Empty(dialogs.FindAll("button")));
        Assert.Equal("draft", await StatusAsync(factory.Database, id));

        detail.Find("[data-testid=cancel]").Press();
        await ClickDialogButtonAsync(dialogs, "Annuler la campagne");

        await detail.WaitForAssertionAsync(() => Assert.Equal("Annulée", Text(detail, "campaign-status")));
        Assert.Equal("cancelled", await StatusAsync(factory.Database, id));
        Assert.Contains("Campagne annulée.", Snackbars(page));
        Assert.NotNull(detail.Find("[data-testid=campaign-final]"));
        Assert.Empty(detail.FindAll("[data-testid=cancel]"));
    }

    [Fact]
    public async Task A_control_on_a_campaign_that_moved_on_meanwhile_says_it_is_no_longer_possible_and_changes_nothing()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "Déjà partie", status: "paused");
        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        await LoadedAsync(detail, "[data-testid=campaign-status]");
        Assert.NotNull(detail.Find("[data-testid=resume]"));

        await SetStatusSilentlyAsync(factory.Database, id, "cancelled");
        await detail.Find("[data-testid=resume]").ClickAsync(new());

        await detail.WaitForAssertionAsync(() => Assert.Contains("Cette action n'est plus possible dans l'état actuel de la campagne.", Snackbars(page)));
        Assert.Equal("cancelled", await StatusAsync(factory.Database, id));
        await detail.WaitForAssertionAsync(() => Assert.Equal("Annulée", Text(detail, "campaign-status")));
        Assert.Empty(detail.FindAll("[data-testid=resume]"));
    }

    [Fact]
    public async Task Another_client_s_campaign_or_template_answers_404_and_its_controls_change_nothing()
    {
        _ = factory.Server;
        var nordCampaign = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "Chez Nord", status: "paused");
        var nordTemplate = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into email_templates (id, organisation_id, client_id, name, subject, content)
            select '{nordTemplate}', organisation_id, client_id, 'Modèle Nord', 'Objet', '<p>Nord</p>' from clients where client_nom = 'Agence Lyon Nord';
            """);
        var soleil = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);

        foreach (var path in new[] { $"/campagnes/{nordCampaign}", $"/campagnes/{nordCampaign}/modifier", $"/campagnes/modeles/{nordTemplate}" })
        {
            var (status, html) = await GetAsync(soleil, path);
            Assert.True(status == HttpStatusCode.NotFound, $"{path}: {(int)status}");
            Assert.Equal("Page introuvable", html.QuerySelector("h1")?.TextContent.Trim());
            Assert.DoesNotContain("Chez Nord", html.Body!.TextContent);
        }

        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        await using var db = await page.AppServices.GetRequiredService<IDbContextFactory<PresencaDbContext>>().CreateDbContextAsync();
        Assert.False(await CampaignControls.PauseAsync(db, nordCampaign));
        Assert.False(await CampaignControls.CancelAsync(db, nordCampaign));
        Assert.Null(await CampaignControls.DuplicateAsync(db, nordCampaign, page.Caller.UserId));
        Assert.Equal("paused", await StatusAsync(factory.Database, nordCampaign));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from email_campaigns where duplicated_from = '{nordCampaign}'"));
    }

    [Theory]
    [InlineData("collaborator, another client's template")]
    [InlineData("collaborator, another client's company")]
    [InlineData("director, an agency's template it may see")]
    public async Task A_campaign_saved_with_a_template_or_company_of_another_client_is_refused_and_nothing_is_stored(string attempt)
    {
        _ = factory.Server;
        var asDirector = attempt.StartsWith("director", StringComparison.Ordinal);
        await using var page = await SignedInPage.CreateAsync(factory, asDirector ? DemoAccounts.Directeur.Email : DemoAccounts.Collaborateur.Email);
        var foreignClient = asDirector ? DemoAccounts.AgenceNordNom : DemoAccounts.AgenceIndependanteNom;
        var template = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into email_templates (id, organisation_id, client_id, name, subject, content)
            select '{template}', organisation_id, client_id, 'Modèle d''ailleurs', 'Objet', '<p>Ailleurs</p>' from clients where client_nom = '{foreignClient}';
            """);
        var company = await factory.Database.QueryAsOwnerAsync<Guid>(
            $"select o.id from contact_organizations o join clients k on k.client_id = o.client_id where k.client_nom = '{foreignClient}' limit 1");
        var name = $"Refusée {Guid.NewGuid():N}";
        var input = new CampaignInput { Name = name, Subject = "Objet", Content = "<p>Bonjour</p>" };
        var expected = CampaignDrafts.ForeignTemplate;
        if (attempt.Contains("company", StringComparison.Ordinal))
        {
            input.Audience = "organisations";
            input.Organisations = [company];
            expected = CampaignDrafts.ForeignOrganisation;
        }
        else
        {
            input.TemplateId = template;
        }

        var caller = page.Caller;
        var owner = new CampaignOwner(caller.OrganisationId!.Value, caller.ClientId!.Value, caller.UserId);
        await using var db = await page.AppServices.GetRequiredService<IDbContextFactory<PresencaDbContext>>().CreateDbContextAsync();
        var save = await CampaignDrafts.SaveAsync(db, owner, null, input, "enregistrer", DateTimeOffset.UtcNow);

        Assert.Null(save.CampaignId);
        Assert.Equal([expected], save.Problems);
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from email_campaigns where name = '{name}'"));
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
        var connexionId = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select b.brevo_connexion_id from brevo_connexion b join clients k on k.client_id = b.client_id where k.client_nom = 'Réseau Démo'");
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var dialogs = page.Render<MudDialogProvider>();
        var settings = page.Render<BrevoWebhookPage>();
        await LoadedAsync(settings, "[data-testid=generate-secret]");

        settings.Find("[data-testid=generate-secret]").Press();
        await settings.WaitForAssertionAsync(() => Assert.NotNull(settings.Find("[data-testid=webhook-secret] code")));
        var secret = settings.Find("[data-testid=webhook-secret] code").TextContent;
        Assert.Equal(48, secret.Length);
        Assert.EndsWith($"/webhooks/brevo/{connexionId}", Text(settings, "webhook-url"));
        var stored = await factory.Database.QueryAsOwnerAsync<string>($"select brevo_webhook_secret from brevo_connexion where brevo_connexion_id = '{connexionId}'");
        Assert.DoesNotContain(secret, stored);
        Assert.StartsWith("CfDJ8", stored); // Data Protection's envelope: encrypted at rest

        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var (status, again) = await GetAsync(director, "/campagnes/webhook-brevo");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(again.QuerySelector("[data-testid=webhook-secret]"));
        Assert.DoesNotContain(secret, again.Body!.InnerHtml);
        Assert.Equal("un secret est enregistré.", again.QuerySelector("[data-testid=webhook-secret-state]")!.TextContent.Trim());

        using var brevo = SignedInClient.Anonymous(factory);
        using var call = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/brevo/{connexionId}")
        {
            Content = new StringContent("""{"event":"delivered","email":"x@exemple.fr","message-id":"<m@x>","ts_event":1700000000}""", System.Text.Encoding.UTF8, "application/json"),
        };
        call.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await brevo.SendAsync(call)).StatusCode);

        // Replacing it stops the old one: asked first, and nothing changes when declined.
        settings.Find("[data-testid=generate-secret]").Press();
        await dialogs.WaitForAssertionAsync(() => Assert.Contains("cesse aussitôt de fonctionner", dialogs.Markup));
        await ClickDialogButtonAsync(dialogs, "Annuler");
        await dialogs.WaitForAssertionAsync(() => Assert.Empty(dialogs.FindAll("button")));
        Assert.Equal(stored, await factory.Database.QueryAsOwnerAsync<string>($"select brevo_webhook_secret from brevo_connexion where brevo_connexion_id = '{connexionId}'"));

        await settings.Find("[data-testid=toggle-drop]").ClickAsync(new());
        await settings.WaitForAssertionAsync(() => Assert.Equal("Actuellement : activé, aucun e-mail ne part.", Text(settings, "sandbox-drop-state")));
        Assert.True(await factory.Database.QueryAsOwnerAsync<bool>($"select brevo_sandbox_drop from brevo_connexion where brevo_connexion_id = '{connexionId}'"));
    }

    private static async Task FillAsync(IRenderedComponent<CampaignEditorPage> editor, string name, string content)
    {
        await editor.Find("#name").ChangeAsync(new ChangeEventArgs { Value = name });
        await editor.Find("#subject").ChangeAsync(new ChangeEventArgs { Value = "Nouvelles de l'agence" });
        await editor.Find("#content").ChangeAsync(new ChangeEventArgs { Value = content });
    }

    private static async Task ChooseSearchAsync(IRenderedComponent<CampaignEditorPage> editor, string search)
    {
        await editor.Find("[data-testid=audience-recherche]").ClickAsync(new());
        await (await editor.WaitForElementAsync("#search")).ChangeAsync(new ChangeEventArgs { Value = search });
    }
}
