using System.Net;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

public sealed class ContactsPageTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    // Several test processes share two cores: a render may take seconds, it does not fail.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_agency_sees_only_its_own_contacts_and_a_director_sees_the_whole_network()
    {
        var nord = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var soleil = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        var directeur = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);

        var nordPage = await ContactsClient.PageAsync(nord, "/contacts?q=canuts");
        var soleilPage = await ContactsClient.PageAsync(soleil, "/contacts?q=canuts");
        var directorPage = await ContactsClient.PageAsync(directeur, "/contacts?q=savonnerie");

        Assert.Contains("Garage des Canuts", nordPage.QuerySelector("[data-testid=contacts-table]")!.TextContent);
        Assert.NotNull(soleilPage.QuerySelector("[data-testid=contacts-empty]"));
        Assert.Contains("Savonnerie du Vieux-Port", directorPage.QuerySelector("[data-testid=contacts-table]")!.TextContent);
        var soleilContact = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select c.id from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Soleil' limit 1");
        var foreign = await nord.GetAsync($"/contacts/{soleilContact}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain(soleilContact.ToString(), await foreign.Content.ReadAsStringAsync());
        var soleilCompany = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select o.id from contact_organizations o join clients k on k.client_id = o.client_id where k.client_nom = 'Agence Soleil' limit 1");
        Assert.Equal(HttpStatusCode.NotFound, (await nord.GetAsync($"/contacts?organisation={soleilCompany}")).StatusCode);
    }

    [Fact]
    public async Task The_list_is_sorted_and_filtered_by_organisation_on_the_server()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var first = await ContactsClient.PageAsync(client, "/contacts");
        var descending = await ContactsClient.PageAsync(client, "/contacts?tri=email_desc");

        Assert.Equal(50, first.QuerySelectorAll("[data-testid=contacts-table] tbody tr").Length);
        Assert.Contains("Page 1 sur 5", first.QuerySelector("nav[aria-label='Pages de contacts']")!.TextContent);
        var firstEmails = Emails(first);
        Assert.Equal(firstEmails.OrderBy(e => e, StringComparer.OrdinalIgnoreCase), firstEmails);
        Assert.True(string.Compare(Emails(descending)[0], firstEmails[0], StringComparison.OrdinalIgnoreCase) > 0);

        var organizations = await ContactsClient.PageAsync(client, "/contacts/organisations");
        var canuts = organizations.QuerySelectorAll("[data-testid=organizations-table] tbody tr").Single(r => r.TextContent.Contains("Garage des Canuts"));
        Assert.Equal("48", canuts.QuerySelectorAll("td")[1].TextContent.Trim());
        var filtered = await ContactsClient.PageAsync(client, canuts.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Contains("Garage des Canuts", filtered.QuerySelector("[data-testid=organization-filter]")!.TextContent);
        Assert.Contains("48 contacts", filtered.QuerySelector("[data-testid=contacts-count]")!.TextContent);

        // "garage des" appears in no address, only in the company's name.
        var byCompanyName = await ContactsClient.PageAsync(client, "/contacts?q=garage%20des");
        Assert.Contains("48 contacts", byCompanyName.QuerySelector("[data-testid=contacts-count]")!.TextContent);
        // The start of an address, or of its domain (with or without @), whatever the case.
        var byAddress = Emails(await ContactsClient.PageAsync(client, "/contacts?q=CAMILLE.BERNARD"));
        Assert.NotEmpty(byAddress);
        Assert.All(byAddress, e => Assert.StartsWith("camille.bernard", e));
        var byDomain = await ContactsClient.PageAsync(client, "/contacts?q=%40Caluire.fr");
        Assert.Contains("48 contacts", byDomain.QuerySelector("[data-testid=contacts-count]")!.TextContent);
    }

    [Fact]
    public async Task A_contact_is_marked_desinscrit_then_reinscrit_over_the_circuit_with_a_message()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await ContactAsync("bellecour-pain.fr", offset: 0);
        var snackbar = page.Render<MudSnackbarProvider>();
        var cut = page.Render<ContactDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=contact-emails-empty]", Wait);
        Assert.Contains("Aucun e-mail ne lui a encore été envoyé", cut.Find("[data-testid=contact-emails-empty]").TextContent);

        cut.Find("[data-testid=toggle-desinscrit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Désinscrit", cut.Find("[data-testid=contact-status]").TextContent), Wait);
        snackbar.WaitForAssertion(() => Assert.Contains("Le contact est désinscrit", snackbar.Markup), Wait);
        Assert.True(await factory.Database.QueryAsOwnerAsync<bool>($"select desinscrit and desinscrit_at is not null from contacts where id = '{id}'"));

        cut.Find("[data-testid=toggle-desinscrit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Abonné", cut.Find("[data-testid=contact-status]").TextContent), Wait);
        Assert.False(await factory.Database.QueryAsOwnerAsync<bool>($"select desinscrit or desinscrit_at is not null from contacts where id = '{id}'"));
    }

    [Fact]
    public async Task A_contact_is_deleted_only_after_the_dialog_is_confirmed()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await ContactAsync("bellecour-pain.fr", offset: 1);
        var dialogs = page.Render<MudDialogProvider>();
        var snackbar = page.Render<MudSnackbarProvider>();
        var cut = page.Render<ContactDetailPage>(p => p.Add(x => x.Id, id));

        cut.WaitForElement("[data-testid=delete-contact]", Wait).Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Supprimer ce contact ?", dialogs.Markup), Wait);
        Assert.Contains("sera supprimé définitivement", dialogs.Markup);
        Button(dialogs, "Annuler").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Supprimer ce contact ?", dialogs.Markup), Wait);
        Assert.Equal(1L, await ContactsClient.CountAsync(factory.Database, $"select count(*) from contacts where id = '{id}'"));

        cut.Find("[data-testid=delete-contact]").Click();
        dialogs.WaitForAssertion(() => Button(dialogs, "Supprimer définitivement").Click(), Wait);

        snackbar.WaitForAssertion(() => Assert.Contains("Le contact a été supprimé.", snackbar.Markup), Wait);
        Assert.Equal(0L, await ContactsClient.CountAsync(factory.Database, $"select count(*) from contacts where id = '{id}'"));
        var navigation = page.Bunit.Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.EndsWith("/contacts", navigation.Uri), Wait);
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/contacts/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_old_form_posts_no_longer_change_a_contact()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await ContactAsync("caluire.fr", offset: 0);
        const string state = "select count(*) * 10 + sum(case when desinscrit then 1 else 0 end) from contacts where id = '{0}'";
        var before = await ContactsClient.CountAsync(factory.Database, string.Format(state, id));

        var delete = await client.PostAsync($"/contacts/{id}/suppression", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var unsubscribe = await client.PostAsync($"/contacts/{id}/desinscription", new FormUrlEncodedContent(new Dictionary<string, string> { ["desinscrit"] = "true" }));

        Assert.False(delete.IsSuccessStatusCode);
        Assert.False(unsubscribe.IsSuccessStatusCode);
        Assert.Equal(before, await ContactsClient.CountAsync(factory.Database, string.Format(state, id)));
        Assert.Equal(10, before / 10 * 10);
    }

    [Fact]
    public async Task The_export_holds_the_filtered_contacts_with_formulas_neutralised()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        var file = ContactFixtures.Xlsx(["=1+1", "=danger@export-eight.fr"], ["@Acme", "+plus@export-eight.fr"], ["-Moins", "ok@export-eight.fr"]);
        await ContactsClient.ImportAsync(client, factory.Database, "export.xlsx", file);
        var list = await ContactsClient.PageAsync(client, "/contacts?q=export-eight");
        Assert.Equal("/contacts/export?q=export-eight", list.QuerySelector("[data-testid=export-link]")!.GetAttribute("href"));

        var response = await client.GetAsync("/contacts/export?q=export-eight");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ContactFixtures.ReadWorkbook(await response.Content.ReadAsByteArrayAsync())["Contacts"];
        Assert.Equal(["Organisation", "Adresse e-mail", "Désinscrit", "Ajouté le"], rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.Contains(rows, r => r[0] == "'=1+1" && r[1] == "'=danger@export-eight.fr");
        Assert.Contains(rows, r => r[0] == "'@Acme" && r[1] == "'+plus@export-eight.fr");
        Assert.Contains(rows, r => r[0] == "'-Moins" && r[1] == "ok@export-eight.fr");
    }

    private Task<Guid> ContactAsync(string domain, int offset) =>
        factory.Database.QueryAsOwnerAsync<Guid>($"""
            select c.id from contacts c join clients k on k.client_id = c.client_id
            where k.client_nom = '{DemoAccounts.AgenceNordNom}' and c.email_domain = '{domain}' order by c.created_at desc, c.id offset {offset} limit 1
            """);

    private static IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static List<string> Emails(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=contacts-table] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
}
