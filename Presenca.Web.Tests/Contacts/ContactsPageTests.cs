using System.Net;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

public sealed class ContactsPageTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
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
        Assert.Contains("Contact introuvable", (await ContactsClient.PageAsync(nord, $"/contacts/{soleilContact}")).Title);
    }

    [Fact]
    public async Task The_list_is_paginated_sorted_and_filtered_by_organisation()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var first = await ContactsClient.PageAsync(client, "/contacts");
        var second = await ContactsClient.PageAsync(client, "/contacts?page=2");
        var descending = await ContactsClient.PageAsync(client, "/contacts?tri=email_desc");

        Assert.Equal(50, first.QuerySelectorAll("[data-testid=contacts-table] tbody tr").Length);
        Assert.Contains("Page 1 sur 5", first.QuerySelector("nav[aria-label='Pages de contacts']")!.TextContent);
        Assert.NotNull(first.QuerySelector("a[rel=next][href='/contacts?page=2']"));
        var firstEmails = Emails(first);
        Assert.Equal(firstEmails.OrderBy(e => e, StringComparer.OrdinalIgnoreCase), firstEmails);
        Assert.Empty(firstEmails.Intersect(Emails(second)));
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
    public async Task A_contact_can_be_marked_desinscrit_and_deleted_after_confirmation()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var list = await ContactsClient.PageAsync(client, "/contacts?q=bellecour-pain.fr&tri=recent");
        var link = list.QuerySelector("[data-testid=contacts-table] tbody tr a")!.GetAttribute("href")!;

        var detail = await ContactsClient.PageAsync(client, link);
        Assert.Contains("Aucun e-mail ne lui a encore été envoyé", detail.QuerySelector("[data-testid=contact-emails-empty]")!.TextContent);
        var unsubscribe = await SignedInClient.PostFormAsync(client, link + "/desinscription", new Dictionary<string, string> { ["desinscrit"] = "true" }, link);
        Assert.Equal(HttpStatusCode.Redirect, unsubscribe.StatusCode);
        Assert.Contains("Désinscrit", (await ContactsClient.PageAsync(client, link)).QuerySelector("[data-testid=contact-status]")!.TextContent);

        var confirmation = await ContactsClient.PageAsync(client, link + "/supprimer");
        Assert.Contains("Supprimer ce contact ?", confirmation.Title);
        var delete = await SignedInClient.PostFormAsync(client, link + "/suppression", new Dictionary<string, string>(), link + "/supprimer");
        Assert.Equal("/contacts?supprime=1", delete.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        Assert.Contains("Contact introuvable", (await ContactsClient.PageAsync(client, link)).Title);
    }

    [Fact]
    public async Task A_delete_without_the_form_token_changes_nothing()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await factory.Database.QueryAsOwnerAsync<Guid>("select id from contacts where email like '%caluire.fr' limit 1");

        var response = await client.PostAsync($"/contacts/{id}/suppression", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1L, await ContactsClient.CountAsync(factory.Database, $"select count(*) from contacts where id = '{id}'"));
    }

    [Fact]
    public async Task The_export_holds_the_filtered_contacts_with_formulas_neutralised()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        var file = ContactFixtures.Xlsx(["=1+1", "=danger@export-eight.fr"], ["@Acme", "+plus@export-eight.fr"], ["-Moins", "ok@export-eight.fr"]);
        await ContactsClient.ImportAsync(client, factory.Database, "export.xlsx", file);

        var response = await client.GetAsync("/contacts/export?q=export-eight");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ContactFixtures.ReadWorkbook(await response.Content.ReadAsByteArrayAsync())["Contacts"];
        Assert.Equal(["Organisation", "Adresse e-mail", "Désinscrit", "Ajouté le"], rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.Contains(rows, r => r[0] == "'=1+1" && r[1] == "'=danger@export-eight.fr");
        Assert.Contains(rows, r => r[0] == "'@Acme" && r[1] == "'+plus@export-eight.fr");
        Assert.Contains(rows, r => r[0] == "'-Moins" && r[1] == "ok@export-eight.fr");
    }

    private static List<string> Emails(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=contacts-table] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
}
