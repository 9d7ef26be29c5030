using System.Net;
using AngleSharp.Html.Parser;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

public sealed class AdministrationPagesTests(TwoTenantsWebFactory factory) : IClassFixture<TwoTenantsWebFactory>
{
    private const string NewPassword = "Nouveau-mot-2026";

    [Fact]
    public async Task An_admin_creates_an_organisation_a_network_and_an_agency_in_it()
    {
        var admin = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var organisation = await PostAsync(admin, "/administration/organisations", "create-organisation", new() { ["Input.Nom"] = "Org Créée" });
        var organisationId = await factory.Database.QueryAsOwnerAsync<Guid>("select organisation_id from organisations where organisation_nom = 'Org Créée'");
        var reseau = await PostAsync(admin, "/administration/reseaux", "create-reseau",
            new() { ["Input.OrganisationId"] = organisationId.ToString(), ["Input.Nom"] = "Réseau Créé" });
        var reseauId = await factory.Database.QueryAsOwnerAsync<Guid>("select reseau_id from reseaux where reseau_nom = 'Réseau Créé'");
        var agence = await PostAsync(admin, "/administration/agences", "create-agence",
            new() { ["Input.OrganisationId"] = organisationId.ToString(), ["Input.ReseauId"] = reseauId.ToString(), ["Input.Nom"] = "Agence Créée" });
        var independante = await PostAsync(admin, "/administration/agences", "create-agence",
            new() { ["Input.OrganisationId"] = organisationId.ToString(), ["Input.Nom"] = "Indépendante Créée" });

        Assert.Contains("Organisation « Org Créée » créée.", Html.Text(organisation));
        Assert.Contains("Réseau « Réseau Créé » créé.", Html.Text(reseau));
        Assert.Contains("Agence « Agence Créée » créée.", Html.Text(agence));
        Assert.Contains("Agence « Indépendante Créée » créée.", Html.Text(independante));
        Assert.Equal(1, await CountAsync($"select count(*) from reseau_agence where agence_nom = 'Agence Créée' and reseau_id = '{reseauId}'"));
        Assert.Equal(1, await CountAsync($"select count(*) from agence_independante where agence_nom = 'Indépendante Créée' and organisation_id = '{organisationId}'"));
    }

    [Fact]
    public async Task An_admin_cannot_attach_an_agency_to_a_network_of_another_organisation()
    {
        var admin = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var page = await PostAsync(admin, "/administration/agences", "create-agence", new()
        {
            ["Input.OrganisationId"] = factory.Tenants.A.OrganisationId.ToString(),
            ["Input.ReseauId"] = factory.Tenants.B.ReseauId.ToString(),
            ["Input.Nom"] = "Agence à cheval",
        });

        Assert.Contains("Ce réseau n'appartient pas à l'organisation choisie : rien n'a été créé.", Html.Text(page));
        Assert.Equal(0, await CountAsync("select count(*) from clients where client_nom = 'Agence à cheval'"));
    }

    [Fact]
    public async Task A_director_creates_an_agency_that_lands_in_the_network()
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);

        var page = await PostAsync(director, "/administration/agences", "create-agence", new() { ["Input.Nom"] = "Agence Lille Centre" });

        Assert.Contains("Agence « Agence Lille Centre » créée.", Html.Text(page));
        Assert.Equal(1, await CountAsync("""
            select count(*) from reseau_agence a join reseaux r on r.reseau_id = a.reseau_id
            where a.agence_nom = 'Agence Lille Centre' and r.reseau_nom = 'Réseau Démo'
            """));
        Assert.Contains("Agence Lille Centre", Html.Text(await director.GetStringAsync("/administration/agences")));
    }

    [Fact]
    public async Task A_director_renames_an_agency_of_the_network_and_the_trail_records_the_field()
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        await PostAsync(director, "/administration/agences", "create-agence", new() { ["Input.Nom"] = "Agence à renommer" });
        var agence = await factory.Database.QueryAsOwnerAsync<Guid>("select client_id from clients where client_nom = 'Agence à renommer'");

        var page = await PostAsync(director, $"/administration/agences/{agence}", "rename-agence", new() { ["Input.Nom"] = "Agence Marseille Vieux-Port" });

        Assert.Contains("Agence renommée en « Agence Marseille Vieux-Port ».", Html.Text(page));
        Assert.Equal(1, await CountAsync($"select count(*) from reseau_agence where reseau_agence_id = '{agence}' and agence_nom = 'Agence Marseille Vieux-Port'"));
        Assert.Equal(1, await CountAsync($"""
            select count(*) from audit_trail a join users u on u.id = a.changed_by
            where a.row_id = '{agence}' and a.action = 'update' and a.changed_fields = array['agence_nom'] and u.email = '{DemoAccounts.Directeur.Email}'
            """));
    }

    [Theory]
    [InlineData("reseau")]
    [InlineData("organisation")]
    public async Task A_director_posting_ids_of_another_organisation_for_an_agency_is_refused_in_French(string forged)
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var fields = new Dictionary<string, string> { ["Input.Nom"] = $"Agence forgée {forged}" };
        fields[forged == "reseau" ? "Input.ReseauId" : "Input.OrganisationId"] =
            (forged == "reseau" ? factory.Tenants.B.ReseauId : factory.Tenants.B.OrganisationId).ToString();

        var page = await PostAsync(director, "/administration/agences", "create-agence", fields);

        Assert.Contains("Vous ne pouvez créer une agence que dans votre réseau : rien n'a été créé.", Html.Text(page));
        Assert.Equal(0, await CountAsync($"select count(*) from clients where client_nom = 'Agence forgée {forged}'"));
    }

    [Theory]
    [InlineData("agence")]
    [InlineData("reseau")]
    public async Task A_director_inviting_a_user_into_another_organisation_is_refused_in_French(string target)
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var email = $"intrus-{target}@exemple.fr";

        var page = await PostAsync(director, "/administration/utilisateurs", "invite-user", new()
        {
            ["Input.NomComplet"] = "Intrus",
            ["Input.Email"] = email,
            ["Input.Role"] = target == "agence" ? "collaborateur_agence" : "directeur_reseau",
            ["Input.ClientId"] = (target == "agence" ? factory.Tenants.B.AgenceId : factory.Tenants.B.ReseauId).ToString(),
        });

        Assert.Contains("Ce réseau ou cette agence n'existe pas ou ne dépend pas de vous : rien n'a été créé.", Html.Text(page));
        Assert.Equal(0, await CountAsync($"select count(*) from users where email = '{email}'"));
    }

    [Fact]
    public async Task An_admin_invites_another_admin_attached_to_no_organisation()
    {
        var admin = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var page = await PostAsync(admin, "/administration/utilisateurs", "invite-user", new()
        {
            ["Input.NomComplet"] = "Arthur Admin",
            ["Input.Email"] = "arthur@presenca.demo",
            ["Input.Role"] = "admin_presenca",
        });

        Assert.Contains("Arthur Admin est invité(e)", Html.Text(page));
        Assert.Equal(1, await CountAsync("select count(*) from users where email = 'arthur@presenca.demo' and role = 'admin_presenca' and organisation_id is null"));
    }

    [Fact]
    public async Task A_director_cannot_make_an_agency_member_a_director()
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var agenceSud = await factory.Database.QueryAsOwnerAsync<Guid>($"select client_id from clients where client_nom = '{DemoAccounts.AgenceSudNom}'");

        var page = await PostAsync(director, "/administration/utilisateurs", "invite-user", new()
        {
            ["Input.NomComplet"] = "Mauvais rôle",
            ["Input.Email"] = "mauvais.role@reseau-demo.fr",
            ["Input.Role"] = "directeur_reseau",
            ["Input.ClientId"] = agenceSud.ToString(),
        });

        Assert.Contains("Un directeur de réseau se rattache à un réseau, pas à une agence.", Html.Text(page));
        Assert.Equal(0, await CountAsync("select count(*) from users where email = 'mauvais.role@reseau-demo.fr'"));
    }

    [Fact]
    public async Task A_director_cannot_invite_an_admin()
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);

        var page = await PostAsync(director, "/administration/utilisateurs", "invite-user", new()
        {
            ["Input.NomComplet"] = "Faux admin",
            ["Input.Email"] = "faux.admin@exemple.fr",
            ["Input.Role"] = "admin_presenca",
        });

        Assert.Contains("Seul un administrateur Presenca peut nommer un administrateur", Html.Text(page));
        Assert.Equal(0, await CountAsync("select count(*) from users where email = 'faux.admin@exemple.fr'"));
    }

    [Fact]
    public async Task An_invited_user_sets_a_password_once_from_the_link_and_signs_in()
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var agenceNord = await factory.Database.QueryAsOwnerAsync<Guid>($"select client_id from clients where client_nom = '{DemoAccounts.AgenceNordNom}'");

        var invited = await PostAsync(director, "/administration/utilisateurs", "invite-user", new()
        {
            ["Input.NomComplet"] = "Nina Nouvelle",
            ["Input.Email"] = "nina@reseau-demo.fr",
            ["Input.Role"] = "collaborateur_agence",
            ["Input.ClientId"] = agenceNord.ToString(),
        });
        var link = LinkIn(invited);
        var visitor = SignedInClient.Anonymous(factory);
        var form = await visitor.GetStringAsync(link);
        // Two tabs opened on the same link before either is submitted: only one may succeed.
        var firstTab = await OpenSetPasswordFormAsync(visitor, link);
        var secondTab = await OpenSetPasswordFormAsync(SignedInClient.Anonymous(factory), link);
        var first = await firstTab();
        var second = await secondTab();
        var reopened = await SignedInClient.Anonymous(factory).GetStringAsync(link);

        Assert.Contains("Nina Nouvelle est invité(e)", Html.Text(invited));
        Assert.Contains("nina@reseau-demo.fr", Html.Text(form));
        Assert.Contains("data-testid=\"password-set\"", first);
        Assert.Contains("Ce lien n'est plus valable", Html.Text(second));
        Assert.Contains("Ce lien n'est plus valable", Html.Text(reopened));
        Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), "nina@reseau-demo.fr", NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_forged_or_truncated_link_says_in_French_that_it_is_not_valid_and_sets_nothing()
    {
        var visitor = SignedInClient.Anonymous(factory);

        var forged = await visitor.GetStringAsync($"/compte/definir-mot-de-passe?compte={Uri.EscapeDataString(DemoAccounts.Collaborateur.Email)}&jeton=Zm9yZ2Vk");
        var missing = await visitor.GetStringAsync("/compte/definir-mot-de-passe");

        Assert.Contains("Ce lien n'est plus valable", Html.Text(forged));
        Assert.DoesNotContain("Input.NewPassword", forged);
        Assert.Contains("Ce lien n'est plus valable", Html.Text(missing));
        Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), DemoAccounts.Collaborateur.Email, DemoAccounts.Password)).StatusCode);
    }

    [Fact]
    public async Task A_director_deactivates_a_user_after_confirming_then_the_user_cannot_sign_in_until_reactivated()
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var id = await factory.Database.QueryAsOwnerAsync<Guid>($"select id from users where email = '{DemoAccounts.Collaborateur.Email}'");
        var userPage = $"/administration/utilisateurs/{id}";

        var confirmation = await director.GetStringAsync($"{userPage}/desactiver");
        var deactivated = await SignedInClient.PostFormAsync(director, $"{userPage}/desactiver", new Dictionary<string, string> { ["_handler"] = "deactivate" });
        var afterDeactivation = await director.GetStringAsync(deactivated.Headers.Location!.OriginalString);
        var refused = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), DemoAccounts.Collaborateur.Email, DemoAccounts.Password);
        var reactivated = await PostAsync(director, userPage, "reactivate", []);
        var accepted = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), DemoAccounts.Collaborateur.Email, DemoAccounts.Password);

        Assert.Contains("Oui, désactiver", Html.Text(confirmation));
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.Contains("Désactivé", Html.Text(afterDeactivation));
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("Le compte est réactivé.", Html.Text(reactivated));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task A_forgotten_password_link_from_an_admin_lets_the_user_choose_a_new_one()
    {
        var admin = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);
        var page = await PostAsync(admin, $"/administration/utilisateurs/{factory.Tenants.A.DirecteurId}", "password-link", []);

        var done = await (await OpenSetPasswordFormAsync(SignedInClient.Anonymous(factory), LinkIn(page)))();

        Assert.Contains("data-testid=\"password-set\"", done);
        Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), factory.Tenants.A.DirecteurEmail, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task The_audit_page_names_who_changed_which_fields_without_their_values()
    {
        var director = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        await PostAsync(director, "/administration/agences", "create-agence", new() { ["Input.Nom"] = "Agence Valeur Secrète" });

        var page = await director.GetStringAsync("/administration/journal");

        var rows = new HtmlParser().ParseDocument(page).QuerySelectorAll("[data-testid=audit-trail] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains(DemoAccounts.Directeur.NomComplet) && r.Contains("Agence du réseau") && r.Contains("Création") && r.Contains("agence_nom"));
        Assert.DoesNotContain("Agence Valeur Secrète", Html.Text(page));
        // Exactly the network's changes: none of the demo organisation-level rows, none of A or B.
        var networkChanges = await CountAsync($"""
            select count(*) from audit_trail where client_id in
              (select client_id from clients where reseau_id = (select reseau_id from reseaux where reseau_nom = '{DemoAccounts.ReseauNom}'))
            """);
        Assert.Contains($"{networkChanges} au total", Html.Text(page));
        Assert.True(await CountAsync("select count(*) from audit_trail") > networkChanges);
    }

    [Fact]
    public async Task Long_lists_are_paginated_and_sortable()
    {
        await factory.Database.ExecuteAsOwnerAsync(
            "insert into organisations (organisation_nom) select 'Zz Pagination ' || lpad(i::text, 2, '0') from generate_series(1, 25) i");
        var admin = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var first = await admin.GetStringAsync("/administration/organisations?tri=nom");
        var last = await admin.GetStringAsync("/administration/organisations?tri=nom&page=2");

        Assert.Contains("data-testid=\"pager\"", first);
        Assert.DoesNotContain("Zz Pagination 25", first);
        Assert.Contains("Zz Pagination 25", Html.Text(last));
    }

    private async Task<long> CountAsync(string sql) => await factory.Database.QueryAsOwnerAsync<long>(sql);

    private static async Task<string> PostAsync(HttpClient client, string path, string form, Dictionary<string, string> fields)
    {
        fields["_handler"] = form;
        var response = await SignedInClient.PostFormAsync(client, path, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Opens the link's form now; the returned function submits it later with a new password.</summary>
    private static async Task<Func<Task<string>>> OpenSetPasswordFormAsync(HttpClient visitor, string link)
    {
        var document = new HtmlParser().ParseDocument(await visitor.GetStringAsync(link));
        string Field(string name) => document.QuerySelector($"input[name='{name}']")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No {name} on the set-password page.");
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "set-password",
            ["__RequestVerificationToken"] = Field("__RequestVerificationToken"),
            ["Input.Compte"] = Field("Input.Compte"),
            ["Input.Jeton"] = Field("Input.Jeton"),
            ["Input.NewPassword"] = NewPassword,
            ["Input.Confirmation"] = NewPassword,
        };
        return async () =>
        {
            var response = await visitor.PostAsync(link, new FormUrlEncodedContent(fields));
            return await response.Content.ReadAsStringAsync();
        };
    }

    private static string LinkIn(string page)
    {
        var value = new HtmlParser().ParseDocument(page).QuerySelector("[data-testid=set-password-link]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("No set-password link on the page.");
        return new Uri(value).PathAndQuery;
    }
}
