using System.Net;
using Bunit;
using Presenca.Web.Administration;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// Role × administration page × ids of another organisation: over HTTP, agency staff get the
/// French 403 page, directors get 404 for whatever is not theirs, admins (the control) see it;
/// in a circuit, a page about something out of reach asks for the not-found page and offers no action.
/// </summary>
public sealed class AdministrationAccessMatrixTests(TwoTenantsWebFactory factory) : IClassFixture<TwoTenantsWebFactory>
{
    public static TheoryData<string, string, HttpStatusCode> Pages()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        string[] all = ["/administration", "/administration/agences", "/administration/utilisateurs", "/administration/journal"];
        string[] adminOnly = ["/administration/organisations", "/administration/reseaux"];
        foreach (var page in all.Concat(adminOnly))
        {
            data.Add(DemoAccounts.Admin.Email, page, HttpStatusCode.OK);
            data.Add(DemoAccounts.Directeur.Email, page, adminOnly.Contains(page) ? HttpStatusCode.Forbidden : HttpStatusCode.OK);
            data.Add(DemoAccounts.Collaborateur.Email, page, HttpStatusCode.Forbidden);
            data.Add(DemoAccounts.Independante.Email, page, HttpStatusCode.Forbidden);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Administration_pages_answer_by_role(string email, string page, HttpStatusCode expected)
    {
        var client = await SignedInClient.SignInAsync(factory, email);

        var response = await client.GetAsync(page);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("Accès refusé", Html.Text(await response.Content.ReadAsStringAsync()));
        }
    }

    public static TheoryData<string, string, HttpStatusCode> OtherTenantUrls()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var template in new[] { "/administration/utilisateurs/{0}", "/administration/agences/{0}" })
        {
            foreach (var who in template.Contains("agences") ? new[] { "agence", "independante" } : ["directeur", "collaborateur"])
            {
                data.Add(DemoAccounts.Directeur.Email, template.Replace("{0}", "{" + who + "}"), HttpStatusCode.NotFound);
                data.Add(DemoAccounts.Collaborateur.Email, template.Replace("{0}", "{" + who + "}"), HttpStatusCode.Forbidden);
                data.Add(DemoAccounts.Independante.Email, template.Replace("{0}", "{" + who + "}"), HttpStatusCode.Forbidden);
                data.Add(DemoAccounts.Admin.Email, template.Replace("{0}", "{" + who + "}"), HttpStatusCode.OK);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OtherTenantUrls))]
    public async Task Users_and_agencies_of_another_organisation_answer_404_to_a_director_403_to_staff(string email, string template, HttpStatusCode expected)
    {
        var client = await SignedInClient.SignInAsync(factory, email);

        var response = await client.GetAsync(Resolve(template));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_director_opening_a_user_of_another_organisation_gets_the_not_found_page_and_no_way_to_deactivate_or_link()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var notFound = page.WatchNotFound();
        var target = factory.Tenants.B.CollaborateurId;

        var user = page.Render<UserPage>(p => p.Add(x => x.Id, target));

        user.WaitForAssertion(() => Assert.True(notFound()));
        Assert.Empty(user.FindAll("[data-testid=deactivate], [data-testid=password-link], [data-testid=user-email]"));
        Assert.DoesNotContain("jeton=", user.Markup);
        Assert.Equal(0, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from users where id = '{target}' and lockout_end is not null"));
    }

    [Fact]
    public async Task A_director_opening_an_agency_of_another_organisation_gets_the_not_found_page_and_no_rename_form()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var notFound = page.WatchNotFound();

        var agence = page.Render<AgencePage>(p => p.Add(x => x.Id, factory.Tenants.B.AgenceId));

        agence.WaitForAssertion(() => Assert.True(notFound()));
        Assert.Empty(agence.FindAll("form"));
        Assert.DoesNotContain(factory.Tenants.B.Name, agence.Markup);
    }

    [Fact]
    public async Task A_director_submitting_the_admin_only_forms_in_a_circuit_creates_nothing()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);

        var organisations = page.Render<OrganisationsPage>();
        organisations.Type("Nom", "Créé par un directeur");
        organisations.Submit();
        var reseaux = page.Render<ReseauxPage>();
        await reseaux.Choose("Organisation", (Guid?)page.Caller.OrganisationId);
        reseaux.Type("Nom du réseau", "Créé par un directeur");
        reseaux.Submit();

        Assert.Equal("Seul un administrateur Presenca peut créer une organisation : rien n'a été créé.", organisations.FormError());
        Assert.Equal("Seul un administrateur Presenca peut créer un réseau : rien n'a été créé.", reseaux.FormError());
        Assert.Equal(0, await factory.Database.QueryAsOwnerAsync<long>(
            "select (select count(*) from organisations where organisation_nom = 'Créé par un directeur') + (select count(*) from reseaux where reseau_nom = 'Créé par un directeur')"));
    }

    [Theory]
    [InlineData("/administration/organisations", "create-organisation", "Input.Nom")]
    [InlineData("/administration/reseaux", "create-reseau", "Input.Nom")]
    public async Task A_director_posting_to_an_admin_only_form_gets_403_and_creates_nothing(string page, string form, string field)
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);

        var response = await SignedInClient.PostFormAsync(client, page,
            new Dictionary<string, string> { ["_handler"] = form, [field] = "Créé par un directeur", ["Input.OrganisationId"] = factory.Tenants.B.OrganisationId.ToString() },
            formPage: "/compte/mot-de-passe");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await factory.Database.QueryAsOwnerAsync<long>(
            "select (select count(*) from organisations where organisation_nom = 'Créé par un directeur') + (select count(*) from reseaux where reseau_nom = 'Créé par un directeur')"));
    }

    [Theory]
    [InlineData("admin@presenca.demo", true)]
    [InlineData("directeur@reseau-demo.fr", true)]
    [InlineData("agence.nord@reseau-demo.fr", false)]
    [InlineData("contact@agence-soleil.fr", false)]
    public async Task The_administration_link_shows_only_to_admins_and_directors(string email, bool shown)
    {
        var client = await SignedInClient.SignInAsync(factory, email);

        var page = await client.GetStringAsync("/");

        Assert.Equal(shown, page.Contains("data-testid=\"nav-administration\"", StringComparison.Ordinal));
    }

    private string Resolve(string template) => template
        .Replace("{directeur}", factory.Tenants.B.DirecteurId.ToString())
        .Replace("{collaborateur}", factory.Tenants.B.CollaborateurId.ToString())
        .Replace("{agence}", factory.Tenants.B.AgenceId.ToString())
        .Replace("{independante}", factory.Tenants.B.IndependanteId.ToString());
}
