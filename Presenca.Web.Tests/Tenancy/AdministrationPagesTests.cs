using System.Net;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Data.Tenancy;
using Presenca.Web.Administration;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>The administration pages as admins and directors use them in their circuit.</summary>
public sealed class AdministrationPagesTests(TwoTenantsWebFactory factory) : IClassFixture<TwoTenantsWebFactory>
{
    private const string NewPassword = "Nouveau-mot-2026";

    [Fact]
    public async Task An_admin_creates_an_organisation_a_network_and_an_agency_in_it()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);
        var snackbars = page.Snackbars();

        var organisations = page.Render<OrganisationsPage>();
        organisations.Type("Nom", "Org Créée");
        organisations.Submit();
        snackbars.WaitForText("Organisation « Org Créée » créée.");
        var organisationId = await factory.Database.QueryAsOwnerAsync<Guid>("select organisation_id from organisations where organisation_nom = 'Org Créée'");

        var reseaux = page.Render<ReseauxPage>();
        await reseaux.Choose("Organisation", (Guid?)organisationId);
        reseaux.Type("Nom du réseau", "Réseau Créé");
        reseaux.Submit();
        snackbars.WaitForText("Réseau « Réseau Créé » créé.");
        var reseauId = await factory.Database.QueryAsOwnerAsync<Guid>("select reseau_id from reseaux where reseau_nom = 'Réseau Créé'");

        var agences = page.Render<AgencesPage>();
        await agences.Choose("Organisation", (Guid?)organisationId);
        await agences.Choose("Réseau", (Guid?)reseauId);
        agences.Type("Nom de l'agence", "Agence Créée");
        agences.Submit();
        snackbars.WaitForText("Agence « Agence Créée » créée.");
        // The snackbar comes before the list reloads; the form takes a new agency once it has.
        agences.WaitForAssertion(() => Assert.Contains("Agence Créée", agences.Find("[data-testid=agences]").TextContent));
        await agences.Choose("Organisation", (Guid?)organisationId);
        agences.Type("Nom de l'agence", "Indépendante Créée");
        agences.Submit();
        snackbars.WaitForText("Agence « Indépendante Créée » créée.");

        Assert.Equal(1, await CountAsync($"select count(*) from reseau_agence where agence_nom = 'Agence Créée' and reseau_id = '{reseauId}'"));
        Assert.Equal(1, await CountAsync($"select count(*) from agence_independante where agence_nom = 'Indépendante Créée' and organisation_id = '{organisationId}'"));
        agences.WaitForAssertion(() => Assert.Contains("Indépendante Créée", agences.Find("[data-testid=agences]").TextContent));
    }

    [Fact]
    public async Task A_form_refuses_an_empty_name_field_by_field_in_French_and_creates_nothing()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);
        var before = await CountAsync("select count(*) from organisations");

        var organisations = page.Render<OrganisationsPage>();
        organisations.Type("Nom", "   ");
        organisations.Submit();

        organisations.WaitForText("Indiquez le nom de l'organisation.");
        Assert.Equal(before, await CountAsync("select count(*) from organisations"));
    }

    [Fact]
    public async Task An_admin_cannot_attach_an_agency_to_a_network_of_another_organisation_and_keeps_what_was_typed()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);

        var agences = page.Render<AgencesPage>();
        await agences.Choose("Organisation", (Guid?)factory.Tenants.A.OrganisationId);
        await agences.Choose("Réseau", (Guid?)factory.Tenants.B.ReseauId);
        agences.Type("Nom de l'agence", "Agence à cheval");
        agences.Submit();

        Assert.Equal("Ce réseau n'appartient pas à l'organisation choisie : rien n'a été créé.", agences.FormError());
        Assert.Equal("Agence à cheval", agences.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "Nom de l'agence").Find("input").GetAttribute("value"));
        Assert.Equal(0, await CountAsync("select count(*) from clients where client_nom = 'Agence à cheval'"));
    }

    [Fact]
    public async Task A_director_creates_an_agency_that_lands_in_the_network()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var snackbars = page.Snackbars();

        var agences = page.Render<AgencesPage>();
        agences.Type("Nom de l'agence", "Agence Lille Centre");
        agences.Submit();

        snackbars.WaitForText("Agence « Agence Lille Centre » créée.");
        Assert.Equal(1, await CountAsync("""
            select count(*) from reseau_agence a join reseaux r on r.reseau_id = a.reseau_id
            where a.agence_nom = 'Agence Lille Centre' and r.reseau_nom = 'Réseau Démo'
            """));
        agences.WaitForAssertion(() => Assert.Contains("Agence Lille Centre", agences.Find("[data-testid=agences]").TextContent));
    }

    [Fact]
    public async Task A_director_renames_an_agency_of_the_network_and_the_trail_records_the_field()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        Assert.Null(await page.AppServices.GetRequiredService<AgenceCreation>().CreateAsync(new("Agence à renommer", null, null), page.Caller));
        var agence = await factory.Database.QueryAsOwnerAsync<Guid>("select client_id from clients where client_nom = 'Agence à renommer'");
        var snackbars = page.Snackbars();

        var detail = page.Render<AgencePage>(p => p.Add(x => x.Id, agence));
        detail.Type("Nouveau nom", "Agence Marseille Vieux-Port");
        detail.Submit();

        snackbars.WaitForText("Agence renommée en « Agence Marseille Vieux-Port ».");
        detail.WaitForAssertion(() => Assert.Contains("Agence Marseille Vieux-Port", detail.Find("h1").TextContent));
        Assert.Equal(1, await CountAsync($"select count(*) from reseau_agence where reseau_agence_id = '{agence}' and agence_nom = 'Agence Marseille Vieux-Port'"));
        Assert.Equal(1, await CountAsync($"""
            select count(*) from audit_trail a join users u on u.id = a.changed_by
            where a.row_id = '{agence}' and a.action = 'update' and a.changed_fields = array['agence_nom'] and u.email = '{DemoAccounts.Directeur.Email}'
            """));
    }

    [Theory]
    [InlineData("reseau")]
    [InlineData("organisation")]
    public async Task A_director_sending_ids_of_another_organisation_for_an_agency_is_refused_in_French(string forged)
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var request = forged == "reseau"
            ? new AgenceCreation.Request($"Agence forgée {forged}", null, factory.Tenants.B.ReseauId)
            : new AgenceCreation.Request($"Agence forgée {forged}", factory.Tenants.B.OrganisationId, null);

        var error = await page.AppServices.GetRequiredService<AgenceCreation>().CreateAsync(request, page.Caller);

        Assert.Equal("Vous ne pouvez créer une agence que dans votre réseau : rien n'a été créé.", error);
        Assert.Equal(0, await CountAsync($"select count(*) from clients where client_nom = 'Agence forgée {forged}'"));
    }

    [Theory]
    [InlineData("agence")]
    [InlineData("reseau")]
    public async Task A_director_inviting_a_user_into_another_organisation_is_refused_in_French(string target)
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var email = $"intrus-{target}@exemple.fr";

        var users = Invite(page, "Intrus", email, target == "agence" ? "collaborateur_agence" : "directeur_reseau",
            target == "agence" ? factory.Tenants.B.AgenceId : factory.Tenants.B.ReseauId);

        Assert.Equal("Ce réseau ou cette agence n'existe pas ou ne dépend pas de vous : rien n'a été créé.", (await users).FormError());
        Assert.Equal(0, await CountAsync($"select count(*) from users where email = '{email}'"));
    }

    [Fact]
    public async Task An_admin_invites_another_admin_attached_to_no_organisation()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);

        var users = await Invite(page, "Arthur Admin", "arthur@presenca.demo", "admin_presenca", null);

        users.WaitForAssertion(() => Assert.Contains("Arthur Admin est invité(e)", users.Find("[data-testid=invited]").TextContent));
        Assert.Equal(1, await CountAsync("select count(*) from users where email = 'arthur@presenca.demo' and role = 'admin_presenca' and organisation_id is null"));
        users.WaitForAssertion(() => Assert.Contains("arthur@presenca.demo", users.Find("[data-testid=users]").TextContent));
    }

    [Fact]
    public async Task A_director_cannot_make_an_agency_member_a_director_and_the_typed_fields_stay()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var agenceSud = await factory.Database.QueryAsOwnerAsync<Guid>($"select client_id from clients where client_nom = '{DemoAccounts.AgenceSudNom}'");

        var users = await Invite(page, "Mauvais rôle", "mauvais.role@reseau-demo.fr", "directeur_reseau", agenceSud);

        Assert.Equal("Un directeur de réseau se rattache à un réseau, pas à une agence.", users.FormError());
        var fields = users.FindComponents<MudTextField<string>>().ToDictionary(f => f.Instance.Label!, f => f.Find("input").GetAttribute("value"));
        Assert.Equal("Mauvais rôle", fields["Nom complet"]);
        Assert.Equal("mauvais.role@reseau-demo.fr", fields["Adresse e-mail"]);
        Assert.Equal(0, await CountAsync("select count(*) from users where email = 'mauvais.role@reseau-demo.fr'"));
    }

    [Fact]
    public async Task A_director_cannot_invite_an_admin()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);

        var users = await Invite(page, "Faux admin", "faux.admin@exemple.fr", "admin_presenca", null);

        Assert.Contains("Seul un administrateur Presenca peut nommer un administrateur", users.FormError());
        Assert.Equal(0, await CountAsync("select count(*) from users where email = 'faux.admin@exemple.fr'"));
    }

    [Fact]
    public async Task An_invited_user_sets_a_password_once_from_the_link_and_signs_in()
    {
        string link;
        await using (var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email))
        {
            var agenceNord = await factory.Database.QueryAsOwnerAsync<Guid>($"select client_id from clients where client_nom = '{DemoAccounts.AgenceNordNom}'");
            var invited = await Invite(page, "Nina Nouvelle", "nina@reseau-demo.fr", "collaborateur_agence", agenceNord);
            invited.WaitForAssertion(() => Assert.Contains("Nina Nouvelle est invité(e)", invited.Find("[data-testid=invited]").TextContent));
            link = LinkIn(invited);
        }

        var visitor = SignedInClient.Anonymous(factory);
        var form = await visitor.GetStringAsync(link);
        // Two tabs opened on the same link before either is submitted: only one may succeed.
        var firstTab = await OpenSetPasswordFormAsync(visitor, link);
        var secondTab = await OpenSetPasswordFormAsync(SignedInClient.Anonymous(factory), link);
        var first = await firstTab();
        var second = await secondTab();
        var reopened = await SignedInClient.Anonymous(factory).GetStringAsync(link);

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
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var id = await factory.Database.QueryAsOwnerAsync<Guid>($"select id from users where email = '{DemoAccounts.Collaborateur.Email}'");
        var dialogs = page.Render<MudDialogProvider>();
        var snackbars = page.Snackbars();
        var user = page.Render<UserPage>(p => p.Add(x => x.Id, id));

        user.ClickWhenShown("[data-testid=deactivate]");
        dialogs.WaitForAssertion(() => Assert.Contains(DemoAccounts.Collaborateur.Email, dialogs.Find(".mud-dialog").TextContent));
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Oui, désactiver").Click();
        snackbars.WaitForText("Le compte est désactivé : ses sessions et ses liens ne fonctionnent plus.");
        user.WaitForAssertion(() => Assert.Equal("Désactivé", user.Find("[data-testid=user-status]").TextContent.Trim()));
        var refused = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), DemoAccounts.Collaborateur.Email, DemoAccounts.Password);

        user.ClickWhenShown("[data-testid=reactivate]");
        snackbars.WaitForText("Le compte est réactivé.");
        var accepted = await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), DemoAccounts.Collaborateur.Email, DemoAccounts.Password);

        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        user.WaitForAssertion(() => Assert.Equal("Actif", user.Find("[data-testid=user-status]").TextContent.Trim()));
    }

    [Fact]
    public async Task Cancelling_the_deactivation_dialog_changes_nothing()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);
        var id = factory.Tenants.A.CollaborateurId;
        var dialogs = page.Render<MudDialogProvider>();
        var user = page.Render<UserPage>(p => p.Add(x => x.Id, id));

        user.ClickWhenShown("[data-testid=deactivate]");
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Annuler").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Equal(0, await CountAsync($"select count(*) from users where id = '{id}' and lockout_end is not null"));
        Assert.NotNull(user.Find("[data-testid=deactivate]"));
    }

    [Fact]
    public async Task A_forgotten_password_link_from_an_admin_lets_the_user_choose_a_new_one()
    {
        string link;
        await using (var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email))
        {
            var user = page.Render<UserPage>(p => p.Add(x => x.Id, factory.Tenants.A.DirecteurId));
            user.ClickWhenShown("[data-testid=password-link]");
            link = LinkIn(user);
        }

        var done = await (await OpenSetPasswordFormAsync(SignedInClient.Anonymous(factory), link))();

        Assert.Contains("data-testid=\"password-set\"", done);
        Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.PostLoginAsync(SignedInClient.Anonymous(factory), factory.Tenants.A.DirecteurEmail, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task The_audit_page_names_who_changed_which_fields_without_their_values()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        Assert.Null(await page.AppServices.GetRequiredService<AgenceCreation>().CreateAsync(new("Agence Valeur Secrète", null, null), page.Caller));
        // Exactly the network's changes: none of the demo organisation-level rows, none of A or B.
        var networkChanges = await CountAsync($"""
            select count(*) from audit_trail where client_id in
              (select client_id from clients where reseau_id = (select reseau_id from reseaux where reseau_nom = '{DemoAccounts.ReseauNom}'))
            """);

        var trail = page.Render<AuditTrailPage>();

        trail.WaitForAssertion(() =>
        {
            var rows = trail.FindAll("[data-testid=audit-trail] tbody tr").Select(r => r.TextContent).ToList();
            Assert.Contains(rows, r => r.Contains(DemoAccounts.Directeur.NomComplet) && r.Contains("Agence du réseau") && r.Contains("Création") && r.Contains("agence_nom"));
            Assert.Contains($"sur {networkChanges}", trail.Find("[data-testid=pager]").TextContent);
        });
        Assert.DoesNotContain("Agence Valeur Secrète", trail.Text());
        Assert.True(await CountAsync("select count(*) from audit_trail") > networkChanges);
    }

    [Fact]
    public async Task Long_lists_are_paged_and_sorted_on_the_server()
    {
        await factory.Database.ExecuteAsOwnerAsync(
            "insert into organisations (organisation_nom) select 'Zz Pagination ' || lpad(i::text, 2, '0') from generate_series(1, 25) i");
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);
        var total = await CountAsync("select count(*) from organisations");

        var organisations = page.Render<OrganisationsPage>();
        organisations.WaitForAssertion(() => Assert.Equal(20, organisations.FindAll("[data-testid=organisations] tbody tr").Count));
        Assert.DoesNotContain("Zz Pagination 25", organisations.Find("[data-testid=organisations] tbody").TextContent);
        var table = organisations.FindComponent<MudTable<Organisation>>();
        organisations.WaitForAssertion(() => Assert.Contains($"sur {total}", organisations.Find("[data-testid=pager]").TextContent));

        await organisations.InvokeAsync(() => table.Instance.NavigateTo(Page.Last));
        organisations.WaitForAssertion(() => Assert.Contains("Zz Pagination 25", organisations.Find("[data-testid=organisations] tbody").TextContent));

        await organisations.InvokeAsync(() => table.Instance.NavigateTo(Page.First));
        organisations.FindAll("[data-testid=organisations] thead .mud-table-sort-label").First().Click();
        organisations.WaitForAssertion(() => Assert.Contains("Zz Pagination 25", organisations.Find("[data-testid=organisations] tbody").TextContent));
    }

    private async Task<long> CountAsync(string sql) => await factory.Database.QueryAsOwnerAsync<long>(sql);

    internal static async Task<IRenderedComponent<UsersPage>> Invite(SignedInPage page, string nom, string email, string role, Guid? clientId)
    {
        var users = page.Render<UsersPage>();
        users.Type("Nom complet", nom);
        users.Type("Adresse e-mail", email);
        await users.Choose("Rôle", role);
        await users.Choose("Rattachement", clientId);
        users.Submit();
        return users;
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

    /// <summary>The path of the set-password link the page shows, once it shows one.</summary>
    private static string LinkIn<T>(IRenderedComponent<T> cut) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var value = "";
        cut.WaitForAssertion(() => value = cut.Find("[data-testid=set-password-link] input, input[data-testid=set-password-link]").GetAttribute("value") ?? "");
        Assert.StartsWith(TwoTenantsWebFactory.PublicBaseUrl, value);
        return new Uri(value).PathAndQuery;
    }
}
