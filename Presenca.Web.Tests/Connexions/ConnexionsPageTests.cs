using System.Net;
using AngleSharp.Html.Parser;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Connexions.ConnexionsForms;

namespace Presenca.Web.Tests.Connexions;

/// <summary>The Connexions page as a director and agency staff use it, against fake providers.</summary>
public sealed class ConnexionsPageTests : IClassFixture<ConnexionsWebFactory>
{
    private const string BrevoKey = "xkeysib-9a8b7c6d5e4f3a2b1c0d-PlainBrevoKeyA1b2";
    private readonly ConnexionsWebFactory _factory;

    public ConnexionsPageTests(ConnexionsWebFactory factory) => _factory = factory;

    [Fact]
    public async Task Director_saves_a_network_key_sees_it_only_masked_and_the_plaintext_is_nowhere()
    {
        var director = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        var saved = await SaveAsync(director, "brevo", new() { ["NouvelleCle"] = BrevoKey, ["Actif"] = "true", ["PartageAgences"] = "true", ["LimiteQuotidienne"] = "300" });
        Assert.Equal("Connexion Brevo enregistrée.", Text(saved, "[data-testid=message-brevo]"));

        var page = await director.GetStringAsync("/connexions");
        Assert.Equal("••••A1b2", Text(page, "[data-testid=cle-brevo]"));
        Assert.Contains("Partagée avec les agences du réseau", PageText(page));

        var rows = await RawAsync("select t::text from brevo_connexion t");
        var audit = await RawAsync("select t::text from audit_trail t");
        Assert.Contains("CfDJ8", rows);
        Assert.Contains("brevo_api_key", audit);
        Assert.DoesNotContain(BrevoKey, saved);
        Assert.DoesNotContain(BrevoKey, page);
        Assert.DoesNotContain("PlainBrevoKey", rows);
        Assert.DoesNotContain("PlainBrevoKey", audit);
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("PlainBrevoKey", StringComparison.Ordinal));

        // "Tester la connexion" sends the decrypted key to Brevo, which is the only place it goes.
        _factory.Providers.Mode = FakeProviders.Behaviour.Success;
        var tested = await PostAsync(director, "test-brevo", []);
        Assert.StartsWith("Connexion Brevo opérationnelle : compte « Réseau Démo » (compte@reseau-demo.fr), offre free, 300 crédits", Text(tested, "[data-testid=message-brevo]"));
        Assert.Contains(BrevoKey, _factory.Providers.Credentials);
        Assert.DoesNotContain(BrevoKey, tested);
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("PlainBrevoKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agency_uses_the_shared_network_connexion_until_it_has_an_active_one_of_its_own()
    {
        var director = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        await SaveAsync(director, "zoho", new() { ["NouvelleCle"] = "1000.zoho-network-token-abcd", ["Actif"] = "true" });
        var agency = await SignedInClient.SignInAsync(_factory, DemoAccounts.Collaborateur.Email);

        var page = await agency.GetStringAsync("/connexions");
        Assert.Equal("Connexion utilisée : aucune. L'agence n'a pas de connexion Zoho, et le réseau ne lui en partage aucune.",
            Text(page, "[data-testid=effective-zoho]"));

        await SaveAsync(director, "zoho", new() { ["Actif"] = "true", ["PartageAgences"] = "true" });
        page = await agency.GetStringAsync("/connexions");
        Assert.Equal("Connexion utilisée : celle du réseau. L'agence n'a pas de connexion Zoho : elle utilise celle du réseau, partagée avec ses agences.",
            Text(page, "[data-testid=effective-zoho]"));
        Assert.Contains("••••abcd", PageText(page));
        Assert.DoesNotContain("zoho-network-token", page);

        await SaveAsync(agency, "zoho", new() { ["NouvelleCle"] = "1000.zoho-agency-own-token-wxyz", ["Actif"] = "true" });
        page = await agency.GetStringAsync("/connexions");
        Assert.Equal("Connexion utilisée : la sienne. L'agence utilise sa propre connexion Zoho, active.", Text(page, "[data-testid=effective-zoho]"));

        // Switching its own off sends it back to the network's, at once.
        await SaveAsync(agency, "zoho", []);
        page = await agency.GetStringAsync("/connexions");
        Assert.Equal("Connexion utilisée : celle du réseau. La connexion Zoho de l'agence est désactivée : elle utilise celle du réseau, partagée avec ses agences.",
            Text(page, "[data-testid=effective-zoho]"));
    }

    [Fact]
    public async Task Staff_get_404_for_a_client_outside_their_scope()
    {
        var agency = await SignedInClient.SignInAsync(_factory, DemoAccounts.Independante.Email);
        var director = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        var network = new HtmlParser().ParseDocument(await director.GetStringAsync("/connexions"))
            .QuerySelectorAll("a.nav-link").Select(a => a.GetAttribute("href")!).First(href => href.Contains("client=", StringComparison.Ordinal));

        var response = await agency.GetAsync(network);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        // Staff of one of the network's agencies may use its shared connexions, not open its settings.
        var networkAgency = await SignedInClient.SignInAsync(_factory, DemoAccounts.Collaborateur.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await networkAgency.GetAsync(network)).StatusCode);
        var body = PageText(await response.Content.ReadAsStringAsync());
        Assert.Contains("Page introuvable", body);
        Assert.DoesNotContain("Connexion utilisée", body);
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
        var independent = await SignedInClient.SignInAsync(_factory, DemoAccounts.Independante.Email);
        var fields = new Dictionary<string, string> { ["Actif"] = "true", [field] = value };
        if (field != "NouvelleCle")
        {
            fields["NouvelleCle"] = "sk-valid-key-for-bad-input-1234";
        }

        var auditBefore = await RawAsync("select count(*) from audit_trail");
        var rowsBefore = await RawAsync("select count(*) from openai_connexion");
        var html = await SaveAsync(independent, "openai", fields);

        Assert.StartsWith(message, Text(html, $"[data-testid=erreur-openai-{field}]"));
        Assert.Equal("Rien n'a été enregistré : corrigez les champs signalés.", Text(html, "[data-testid=message-openai]"));
        Assert.Equal(rowsBefore, await RawAsync("select count(*) from openai_connexion"));
        Assert.Equal(auditBefore, await RawAsync("select count(*) from audit_trail"));
        Assert.DoesNotContain("sk-valid-key-for-bad-input", html);
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
            _ => ("En erreur", $"{name} n'a pas répondu dans les 1 secondes : réessayez dans quelques minutes."),
        };
        var director = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        await SaveAsync(director, integration, new() { ["NouvelleCle"] = $"{integration}-director-key-0000", ["Actif"] = "true" });

        _factory.Providers.Mode = behaviour;
        var html = await PostAsync(director, $"test-{integration}", []);
        _factory.Providers.Mode = FakeProviders.Behaviour.Success;

        Assert.Equal(message, Text(html, $"[data-testid=message-{integration}]"));
        Assert.Equal(status, Text(html, $"[data-testid=statut-{integration}]"));
        Assert.Equal(message, Text(html, $"[data-testid=erreur-{integration}]"));
        Assert.Equal("ok", await SignedInClient.Anonymous(_factory).GetStringAsync("/health"));

        // The next test, with the provider back, clears the error.
        var recovered = await PostAsync(director, $"test-{integration}", []);
        Assert.Equal("Opérationnelle", Text(recovered, $"[data-testid=statut-{integration}]"));
        Assert.Equal("Aucune", Text(recovered, $"[data-testid=erreur-{integration}]"));
    }

    [Fact]
    public async Task Successful_tests_fill_what_each_provider_says_about_the_account()
    {
        var director = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        _factory.Providers.Mode = FakeProviders.Behaviour.Success;
        await SaveAsync(director, "openai", new() { ["NouvelleCle"] = "sk-director-openai-key-0000", ["Actif"] = "true", ["ModelesAutorises"] = "gpt-4o-mini" });
        await SaveAsync(director, "instagram", new() { ["NouvelleCle"] = "IGQVJ-director-token-5678", ["Actif"] = "true" });
        await SaveAsync(director, "zoho", new() { ["NouvelleCle"] = "1000.zoho-network-token-abcd", ["Actif"] = "true" });

        var openai = await PostAsync(director, "test-openai", []);
        Assert.Equal("Connexion OpenAI opérationnelle : 3 modèles disponibles pour cette clé.", Text(openai, "[data-testid=message-openai]"));
        Assert.Contains("Modèles de cette clé : gpt-4o, gpt-4o-mini, text-embedding-3-small", PageText(openai));
        Assert.Equal("Opérationnelle", Text(openai, "[data-testid=statut-openai]"));

        // A model the key offers is now accepted even if it is not in the built-in list.
        var withOffered = await SaveAsync(director, "openai", new() { ["Actif"] = "true", ["ModelesAutorises"] = "text-embedding-3-small" });
        Assert.Equal("Connexion OpenAI enregistrée.", Text(withOffered, "[data-testid=message-openai]"));

        var instagram = await PostAsync(director, "test-instagram", []);
        Assert.StartsWith("Connexion Instagram opérationnelle : compte @agence.demo (Business), jeton valable jusqu'au ", Text(instagram, "[data-testid=message-instagram]"));
        Assert.Contains("17841400000000001 (Business)", PageText(instagram));
        Assert.Contains("Bearer IGQVJ-director-token-5678", _factory.Providers.Credentials);

        var zoho = await PostAsync(director, "test-zoho", []);
        Assert.Equal("Connexion Zoho opérationnelle : compte « Denis Directeur » (denis@reseau-demo.fr).", Text(zoho, "[data-testid=message-zoho]"));
        Assert.Contains("Zoho-oauthtoken 1000.zoho-network-token-abcd", _factory.Providers.Credentials);
    }

    [Fact]
    public async Task Instagram_token_expiring_within_a_week_shows_a_warning_on_connexions_and_overview()
    {
        var independent = await SignedInClient.SignInAsync(_factory, DemoAccounts.Independante.Email);
        var soon = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd");
        var html = await SaveAsync(independent, "instagram", new() { ["NouvelleCle"] = "IGQVJ-soleil-token-9999", ["Actif"] = "true", ["TokenExpireAt"] = soon });
        Assert.StartsWith("Le jeton Instagram expire le", Text(html, "[data-testid=instagram-expiration]"));
        var overview = await independent.GetStringAsync("/");
        Assert.StartsWith($"Le jeton Instagram de {DemoAccounts.AgenceIndependanteNom} expire le", Text(overview, "[data-testid=alerte-connexion]"));

        var later = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");
        html = await SaveAsync(independent, "instagram", new() { ["Actif"] = "true", ["TokenExpireAt"] = later });
        Assert.Null(new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=instagram-expiration]"));
        Assert.Null(new HtmlParser().ParseDocument(await independent.GetStringAsync("/")).QuerySelector("[data-testid=alerte-connexion]"));
    }

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
