using System.Net;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Connexions;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Connexions.ConnexionsForms;

namespace Presenca.Web.Tests.Connexions;

/// <summary>The Connexions page as a director and agency staff use it in their circuit, against fake providers.</summary>
public sealed class ConnexionsPageTests : IClassFixture<ConnexionsWebFactory>
{
    private const string BrevoKey = "xkeysib-9a8b7c6d5e4f3a2b1c0d-PlainBrevoKeyA1b2";
    private readonly ConnexionsWebFactory _factory;

    public ConnexionsPageTests(ConnexionsWebFactory factory)
    {
        _factory = factory;
        _factory.Providers.Mode = FakeProviders.Behaviour.Success;
    }

    [Fact]
    public async Task Director_saves_a_network_key_sees_it_only_masked_and_the_plaintext_is_nowhere()
    {
        await using var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email);
        var saved = await director.SaveAsync("brevo", new() { ["NouvelleCle"] = BrevoKey, ["Actif"] = "true", ["PartageAgences"] = "true", ["LimiteQuotidienne"] = "300" });
        Assert.Equal("Connexion Brevo enregistrée.", Text(saved, "[data-testid=message-brevo]"));
        Assert.Contains(director.Snackbar.ShownSnackbars, s => s.Message == "Connexion Brevo enregistrée.");
        Assert.Equal("••••A1b2", Text(saved, "[data-testid=cle-brevo]"));
        Assert.Contains("Partagée avec les agences du réseau", PageText(saved));

        // The prerendered page (HTML and the state it hands to the circuit) has the mask only.
        var http = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        var page = await http.GetStringAsync("/connexions");
        Assert.Equal("••••A1b2", Text(page, "[data-testid=cle-brevo]"));
        Assert.Contains("Partagée avec les agences du réseau", PageText(page));

        var rows = await RawAsync("select t::text from brevo_connexion t");
        var audit = await RawAsync("select t::text from audit_trail t");
        Assert.Contains("CfDJ8", rows);
        Assert.Contains("brevo_api_key", audit);
        Assert.DoesNotContain(BrevoKey, saved);
        Assert.DoesNotContain("PlainBrevoKey", saved);
        Assert.DoesNotContain(BrevoKey, page);
        Assert.DoesNotContain("PlainBrevoKey", rows);
        Assert.DoesNotContain("PlainBrevoKey", audit);
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("PlainBrevoKey", StringComparison.Ordinal));

        // "Tester la connexion" sends the decrypted key to Brevo, which is the only place it goes.
        var tested = await director.TestAsync("brevo");
        const string outcome = "Connexion Brevo opérationnelle : compte « Réseau Démo » (compte@reseau-demo.fr), offre free, 300 crédits";
        Assert.StartsWith(outcome, Text(tested, "[data-testid=message-brevo]"));
        Assert.Contains(director.Snackbar.ShownSnackbars, s => s.Message!.StartsWith(outcome, StringComparison.Ordinal));
        Assert.Contains(BrevoKey, _factory.Providers.Credentials);
        Assert.DoesNotContain("PlainBrevoKey", tested);
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("PlainBrevoKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agency_uses_the_shared_network_connexion_until_it_has_an_active_one_of_its_own()
    {
        await using (var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email))
        {
            await director.SaveAsync("zoho", new() { ["NouvelleCle"] = "1000.zoho-network-token-abcd", ["Actif"] = "true" });
        }

        Assert.Equal("Connexion utilisée : aucune. L'agence n'a pas de connexion Zoho, et le réseau ne lui en partage aucune.",
            await AgencySeesAsync("[data-testid=effective-zoho]"));

        await using (var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email))
        {
            await director.SaveAsync("zoho", new() { ["Actif"] = "true", ["PartageAgences"] = "true" });
        }

        await using var agency = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Collaborateur.Email);
        Assert.Equal("Connexion utilisée : celle du réseau. L'agence n'a pas de connexion Zoho : elle utilise celle du réseau, partagée avec ses agences.",
            agency.Text("[data-testid=effective-zoho]"));
        Assert.Contains("••••abcd", PageText(agency.Markup));
        Assert.DoesNotContain("zoho-network-token", agency.Markup);

        var own = await agency.SaveAsync("zoho", new() { ["NouvelleCle"] = "1000.zoho-agency-own-token-wxyz", ["Actif"] = "true" });
        Assert.Equal("Connexion utilisée : la sienne. L'agence utilise sa propre connexion Zoho, active.", Text(own, "[data-testid=effective-zoho]"));
        Assert.DoesNotContain("zoho-agency-own-token", own);

        // Switching its own off (after confirming) sends it back to the network's, at once.
        var off = await agency.SaveAsync("zoho", [], confirm: "Désactiver");
        Assert.Contains("Désactiver la connexion Zoho ?", agency.LastDialogText);
        Assert.Equal("Connexion utilisée : celle du réseau. La connexion Zoho de l'agence est désactivée : elle utilise celle du réseau, partagée avec ses agences.",
            Text(off, "[data-testid=effective-zoho]"));
        Assert.Equal("Connexion utilisée : celle du réseau. La connexion Zoho de l'agence est désactivée : elle utilise celle du réseau, partagée avec ses agences.",
            await AgencySeesAsync("[data-testid=effective-zoho]"));
    }

    [Fact]
    public async Task Switching_a_connexion_off_asks_first_and_cancelling_changes_nothing()
    {
        await using var independent = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        await independent.SaveAsync("zoho", new() { ["NouvelleCle"] = "1000.zoho-soleil-token-kept", ["Actif"] = "true" });
        var auditBefore = await RawAsync("select count(*) from audit_trail");

        var kept = await independent.SaveAsync("zoho", [], confirm: "Annuler");
        Assert.Contains("Désactiver la connexion Zoho ?", independent.LastDialogText);
        Assert.Contains($"Plus aucun envoi ni appel n'utilisera la connexion Zoho de {DemoAccounts.AgenceIndependanteNom}", independent.LastDialogText);

        Assert.Equal("Connexion utilisée : la sienne. L'agence utilise sa propre connexion Zoho, active.", Text(kept, "[data-testid=effective-zoho]"));
        Assert.Equal(auditBefore, await RawAsync("select count(*) from audit_trail"));
        Assert.Equal("true", await RawAsync($"select zoho_actif::text from zoho_connexion join clients using (client_id) where client_nom = '{DemoAccounts.AgenceIndependanteNom}'"));
        Assert.Empty(independent.Cut.FindAll("[data-testid=desactivee-zoho]"));

        var off = await independent.SaveAsync("zoho", [], confirm: "Désactiver");
        Assert.Contains("Désactiver la connexion Zoho ?", independent.LastDialogText);
        Assert.Equal("Désactivée : aucun envoi ni appel ne l'utilise", Text(off, "[data-testid=desactivee-zoho]"));
        Assert.Equal("Connexion utilisée : aucune. La connexion Zoho est désactivée : rien ne l'utilise.", Text(off, "[data-testid=effective-zoho]"));
    }

    [Fact]
    public async Task Staff_get_404_for_a_client_outside_their_scope()
    {
        var agency = await SignedInClient.SignInAsync(_factory, DemoAccounts.Independante.Email);
        var director = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        var network = new HtmlParser().ParseDocument(await director.GetStringAsync("/connexions"))
            .QuerySelectorAll("[data-testid=choix-client] a").Select(a => a.GetAttribute("href")!).First(href => href.Contains("client=", StringComparison.Ordinal));

        var response = await agency.GetAsync(network);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        // Staff of one of the network's agencies may use its shared connexions, not open its settings.
        var networkAgency = await SignedInClient.SignInAsync(_factory, DemoAccounts.Collaborateur.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await networkAgency.GetAsync(network)).StatusCode);
        var body = PageText(await response.Content.ReadAsStringAsync());
        Assert.Contains("Page introuvable", body);
        Assert.DoesNotContain("Connexion utilisée", body);
    }

    [Fact]
    public async Task A_foreign_client_id_in_a_circuit_call_changes_nothing()
    {
        var network = await NetworkIdAsync();
        await using (var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email))
        {
            await director.SaveAsync("openai", new() { ["NouvelleCle"] = "sk-network-openai-key-Fr01", ["Actif"] = "true" });
        }

        // Rendered for a client it may not see, the page shows nothing of it.
        await using var agency = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Collaborateur.Email, network);
        agency.Cut.WaitForAssertion(() => Assert.Null(agency.Cut.Instance.State));
        Assert.DoesNotContain("Connexion utilisée", agency.Markup);
        Assert.Empty(agency.Cut.FindAll("form"));

        // What the circuit's handlers call, with the network's id forged in: refused, nothing stored, nothing sent.
        var editor = agency.Page.AppServices.GetRequiredService<ConnexionEditor>();
        var rowsBefore = await RawAsync("select t::text from openai_connexion t order by t::text");
        var auditBefore = await RawAsync("select count(*) from audit_trail");
        var callsBefore = _factory.Providers.Credentials.Count;

        Assert.Null(await editor.LoadAsync(network));
        var saved = await editor.SaveAsync(network, Presenca.Data.Connexions.Integration.Openai,
            new ConnexionInput { Actif = false, NouvelleCle = "sk-forged-by-an-agency-0000", LimiteQuotidienne = "1" });
        Assert.Same(ConnexionSaveResult.Refused, saved);
        Assert.Null(await editor.TestAsync(network, Presenca.Data.Connexions.Integration.Openai));
        Assert.Null(await editor.TestAsync(Guid.NewGuid(), Presenca.Data.Connexions.Integration.Openai));

        Assert.Equal(rowsBefore, await RawAsync("select t::text from openai_connexion t order by t::text"));
        Assert.Equal(auditBefore, await RawAsync("select count(*) from audit_trail"));
        Assert.Equal(callsBefore, _factory.Providers.Credentials.Count);
    }

    [Theory]
    [InlineData("EmailCompte", "pas-un-email", "Adresse e-mail invalide : « pas-un-email ».")]
    [InlineData("LimiteQuotidienne", "-5", "La limite quotidienne ne peut pas être négative.")]
    [InlineData("LimiteQuotidienne", "999999999", "Limite quotidienne trop élevée : 10")]
    [InlineData("LimiteQuotidienne", "beaucoup", "Indiquez un nombre entier")]
    [InlineData("ModelesAutorises", "gpt-4o, gpt-9-ultra", "Modèle inconnu : « gpt-9-ultra ».")]
    [InlineData("LimiteCoutMois", "-10", "Le budget mensuel ne peut pas être négatif.")]
    [InlineData("NouvelleCle", "", "Une connexion active a besoin de sa clé API : renseignez ce champ, ou décochez « Active ».")]
    public async Task Bad_input_gets_a_french_message_on_its_field_and_changes_nothing(string field, string value, string message)
    {
        await using var independent = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        var fields = new Dictionary<string, string> { ["Actif"] = "true", [field] = value };
        if (field != "NouvelleCle")
        {
            fields["NouvelleCle"] = "sk-valid-key-for-bad-input-1234";
        }

        var auditBefore = await RawAsync("select count(*) from audit_trail");
        var rowsBefore = await RawAsync("select count(*) from openai_connexion");
        var html = await independent.SaveAsync("openai", fields);

        Assert.StartsWith(message, Text(html, $"#openai-{field}-erreur"));
        Assert.Contains($"openai-{field}-erreur", independent.Cut.Find($"#openai-{field}").GetAttribute("aria-describedby"));
        Assert.Equal("true", independent.Cut.Find($"#openai-{field}").GetAttribute("aria-invalid"));
        Assert.Equal("Rien n'a été enregistré : corrigez les champs signalés.", Text(html, "[data-testid=message-openai]"));
        Assert.Equal(rowsBefore, await RawAsync("select count(*) from openai_connexion"));
        Assert.Equal(auditBefore, await RawAsync("select count(*) from audit_trail"));

        // What was typed stays, except the secret, which is emptied and never echoed back.
        Assert.DoesNotContain("sk-valid-key-for-bad-input", html);
        Assert.True(string.IsNullOrEmpty(independent.Cut.Find("#openai-NouvelleCle").GetAttribute("value")));
        if (field != "NouvelleCle")
        {
            Assert.Equal(value, independent.Cut.Find($"#openai-{field}").GetAttribute("value"));
            Assert.Contains("Par sécurité, la valeur saisie n'est jamais réaffichée : saisissez-la de nouveau.", PageText(html));
        }
    }

    [Fact]
    public async Task A_refused_save_keeps_the_typed_fields_but_not_the_typed_secret_and_shows_the_stored_one_masked()
    {
        await using var independent = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        await independent.SaveAsync("brevo", new() { ["NouvelleCle"] = "xkeysib-soleil-stored-key-c3d4", ["Actif"] = "true" });

        var refused = await independent.SaveAsync("brevo", new()
        {
            ["NouvelleCle"] = "xkeysib-soleil-typed-secret-Tz55",
            ["Actif"] = "true",
            ["NomCompte"] = "Agence Soleil (nouveau compte)",
            ["EmailCompte"] = "soleil@",
        });

        Assert.StartsWith("Adresse e-mail invalide : « soleil@ ».", Text(refused, "#brevo-EmailCompte-erreur"));
        Assert.DoesNotContain("typed-secret", refused);
        Assert.True(string.IsNullOrEmpty(independent.Cut.Find("#brevo-NouvelleCle").GetAttribute("value")));
        Assert.Equal("Agence Soleil (nouveau compte)", independent.Cut.Find("#brevo-NomCompte").GetAttribute("value"));
        Assert.Equal("soleil@", independent.Cut.Find("#brevo-EmailCompte").GetAttribute("value"));
        Assert.Contains("Clé API : en saisir une nouvelle pour remplacer ••••c3d4", PageText(refused));
        Assert.Equal("••••c3d4", Text(refused, "[data-testid=cle-brevo]"));
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("typed-secret", StringComparison.Ordinal));
    }

    public static TheoryData<string, FakeProviders.Behaviour> ProviderFailures()
    {
        var data = new TheoryData<string, FakeProviders.Behaviour>();
        foreach (var integration in new[] { "brevo", "openai", "instagram", "zoho" })
        {
            foreach (var behaviour in new[] { FakeProviders.Behaviour.Unauthorized, FakeProviders.Behaviour.RateLimited, FakeProviders.Behaviour.ServerError, FakeProviders.Behaviour.Malformed, FakeProviders.Behaviour.Silent })
            {
                data.Add(integration, behaviour);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProviderFailures))]
    public async Task Failed_test_records_a_specific_french_error_and_the_app_stays_healthy(string integration, FakeProviders.Behaviour behaviour)
    {
        var name = integration switch { "brevo" => "Brevo", "openai" => "OpenAI", "instagram" => "Instagram", _ => "Zoho" };
        var (status, message) = behaviour switch
        {
            FakeProviders.Behaviour.Unauthorized => ("Clé refusée", $"{name} refuse la clé (HTTP 401) : vérifiez-la ou remplacez-la."),
            FakeProviders.Behaviour.RateLimited => ("Limite d'appels atteinte", $"{name} limite le nombre d'appels (HTTP 429) : réessayez dans 42 secondes."),
            FakeProviders.Behaviour.ServerError => ("En erreur", $"{name} est indisponible pour le moment (HTTP 500) : réessayez plus tard."),
            FakeProviders.Behaviour.Malformed => ("En erreur", $"Réponse illisible {(name is "OpenAI" or "Instagram" ? "d'" : "de ")}{name} : le service n'a pas renvoyé les données attendues. Vérifiez l'adresse du service."),
            _ => ("En erreur", $"{name} n'a pas répondu dans les 3 secondes : réessayez dans quelques minutes."),
        };
        await using var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email);
        await director.SaveAsync(integration, new() { ["NouvelleCle"] = $"{integration}-director-key-0000", ["Actif"] = "true" });

        string html;
        _factory.Providers.Mode = behaviour;
        try
        {
            // The test runs in the circuit: a progress bar while the provider is asked.
            var clicked = director.Cut.Find($"[data-testid=tester-{integration}]").ClickAsync(new());
            if (behaviour == FakeProviders.Behaviour.Silent)
            {
                director.Cut.WaitForElement($"[data-testid=test-en-cours-{integration}]");
            }

            await clicked.WaitAsync(TimeSpan.FromSeconds(30));
            html = director.Markup;
        }
        finally
        {
            _factory.Providers.Mode = FakeProviders.Behaviour.Success;
        }

        Assert.Equal(message, Text(html, $"[data-testid=message-{integration}]"));
        Assert.Contains(director.Snackbar.ShownSnackbars, s => s.Message == message && s.Severity == MudBlazor.Severity.Error);
        Assert.Equal(status, Text(html, $"[data-testid=statut-{integration}]"));
        Assert.Equal(message, Text(html, $"[data-testid=erreur-{integration}]"));
        Assert.Empty(director.Cut.FindAll($"[data-testid=test-en-cours-{integration}]"));
        Assert.Equal("ok", await SignedInClient.Anonymous(_factory).GetStringAsync("/health"));

        // The next test, with the provider back, clears the error.
        var recovered = await director.TestAsync(integration);
        Assert.Equal("Opérationnelle", Text(recovered, $"[data-testid=statut-{integration}]"));
        Assert.Equal("Aucune", Text(recovered, $"[data-testid=erreur-{integration}]"));
    }

    [Fact]
    public async Task Successful_tests_fill_what_each_provider_says_about_the_account()
    {
        await using var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email);
        await director.SaveAsync("openai", new() { ["NouvelleCle"] = "sk-director-openai-key-0000", ["Actif"] = "true", ["ModelesAutorises"] = "gpt-4o-mini" });
        await director.SaveAsync("instagram", new() { ["NouvelleCle"] = "IGQVJ-director-token-5678", ["Actif"] = "true" });
        await director.SaveAsync("zoho", new() { ["NouvelleCle"] = "1000.zoho-network-token-abcd", ["Actif"] = "true" });

        var openai = await director.TestAsync("openai");
        Assert.Equal("Connexion OpenAI opérationnelle : 3 modèles disponibles pour cette clé.", Text(openai, "[data-testid=message-openai]"));
        Assert.Contains("Modèles de cette clé : gpt-4o, gpt-4o-mini, text-embedding-3-small", PageText(openai));
        Assert.Equal("Opérationnelle", Text(openai, "[data-testid=statut-openai]"));

        // A model the key offers is now accepted even if it is not in the built-in list.
        var withOffered = await director.SaveAsync("openai", new() { ["Actif"] = "true", ["ModelesAutorises"] = "text-embedding-3-small" });
        Assert.Equal("Connexion OpenAI enregistrée.", Text(withOffered, "[data-testid=message-openai]"));

        var instagram = await director.TestAsync("instagram");
        Assert.StartsWith("Connexion Instagram opérationnelle : compte @agence.demo (Business), jeton valable jusqu'au ", Text(instagram, "[data-testid=message-instagram]"));
        Assert.Contains("17841400000000001 (Business)", PageText(instagram));
        Assert.Contains("Bearer IGQVJ-director-token-5678", _factory.Providers.Credentials);

        var zoho = await director.TestAsync("zoho");
        Assert.Equal("Connexion Zoho opérationnelle : compte « Denis Directeur » (denis@reseau-demo.fr).", Text(zoho, "[data-testid=message-zoho]"));
        Assert.Contains("Zoho-oauthtoken 1000.zoho-network-token-abcd", _factory.Providers.Credentials);
        Assert.DoesNotContain("director-token-5678", zoho);
        Assert.DoesNotContain("zoho-network-token", zoho);
    }

    [Fact]
    public async Task Instagram_token_expiring_within_a_week_shows_a_warning_on_connexions_and_overview()
    {
        await using var independent = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        var http = await SignedInClient.SignInAsync(_factory, DemoAccounts.Independante.Email);
        var soon = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd");
        var html = await independent.SaveAsync("instagram", new() { ["NouvelleCle"] = "IGQVJ-soleil-token-9999", ["Actif"] = "true", ["TokenExpireAt"] = soon });
        Assert.StartsWith("Le jeton Instagram expire le", Text(html, "[data-testid=instagram-expiration]"));
        var overview = await http.GetStringAsync("/");
        Assert.StartsWith($"Le jeton Instagram de {DemoAccounts.AgenceIndependanteNom} expire le", Text(overview, "[data-testid=alerte-connexion]"));

        var later = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");
        html = await independent.SaveAsync("instagram", new() { ["Actif"] = "true", ["TokenExpireAt"] = later });
        Assert.Null(Find(html, "[data-testid=instagram-expiration]"));
        Assert.Null(Find(await http.GetStringAsync("/"), "[data-testid=alerte-connexion]"));
    }

    private async Task<string> AgencySeesAsync(string selector)
    {
        await using var agency = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Collaborateur.Email);
        return agency.Text(selector);
    }

    private async Task<Guid> NetworkIdAsync() =>
        Guid.Parse(await RawAsync($"select client_id from clients where client_nom = '{DemoAccounts.ReseauNom}'"));

    private async Task<string> RawAsync(string sql)
    {
        var values = new List<string>();
        await using var connection = new Npgsql.NpgsqlConnection(_factory.Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0).ToString() ?? "");
        }

        return string.Join("\n", values);
    }
}
