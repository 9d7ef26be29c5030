using AngleSharp.Html.Parser;
using Presenca.Web.Connexions;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Connexions.ConnexionsForms;

namespace Presenca.Web.Tests.Connexions;

/// <summary>
/// "Tester la connexion" for Instagram asks Meta's debug_token when the token expires, and the
/// page and Aperçu warn from that date rather than from the one typed in the form.
/// </summary>
public sealed class InstagramTokenExpiryTests : IClassFixture<ConnexionsWebFactory>
{
    private const string UserToken = "IGQVJ-soleil-user-token-Zx81";
    private const string AppToken = "1234567890123456|app-secret-Qw73";
    private readonly ConnexionsWebFactory _factory;

    public InstagramTokenExpiryTests(ConnexionsWebFactory factory)
    {
        _factory = factory;
        _factory.Providers.Mode = FakeProviders.Behaviour.Success;
        _factory.Providers.DebugTokenMode = null;
        _factory.Providers.TokenExpiresAt = null;
        _factory.Providers.TokenValid = true;
    }

    [Fact]
    public async Task Test_fills_the_token_expiry_from_meta_and_the_week_warning_follows_it()
    {
        await using var soleil = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        var overview = await SignedInClient.SignInAsync(_factory, DemoAccounts.Independante.Email);
        var typed = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");
        var saved = await soleil.SaveAsync("instagram", new() { ["NouvelleCle"] = UserToken, ["NouvelleCleConnexion"] = AppToken, ["Actif"] = "true", ["TokenExpireAt"] = typed });
        Assert.Null(Find(saved, "[data-testid=instagram-expiration]"));

        // Meta knows better than the form: the token goes in three days.
        var inThreeDays = DateTimeOffset.UtcNow.AddDays(3).ToUnixTimeSeconds();
        _factory.Providers.TokenExpiresAt = inThreeDays;
        var tested = await soleil.TestAsync("instagram");

        var expiry = ConnexionLabels.Paris(DateTimeOffset.FromUnixTimeSeconds(inThreeDays));
        Assert.Equal($"Connexion Instagram opérationnelle : compte @agence.demo (Business), jeton valable jusqu'au {expiry}.", Text(tested, "[data-testid=message-instagram]"));
        Assert.Equal(expiry, Text(tested, "[data-testid=instagram-expire-le]"));
        Assert.Equal($"Le jeton Instagram expire le {expiry} : renouvelez-le avant cette date, sinon la connexion s'arrêtera.",
            Text(tested, "[data-testid=instagram-expiration]"));
        Assert.Contains($"Le jeton Instagram de {DemoAccounts.AgenceIndependanteNom} expire le {expiry} : renouvelez-le. Ouvrir les connexions",
            Alerts(await overview.GetStringAsync("/")));

        // A renewed token: Meta's new date lifts both warnings.
        var inSixtyDays = DateTimeOffset.UtcNow.AddDays(60).ToUnixTimeSeconds();
        _factory.Providers.TokenExpiresAt = inSixtyDays;
        var renewed = await soleil.TestAsync("instagram");
        Assert.Equal(ConnexionLabels.Paris(DateTimeOffset.FromUnixTimeSeconds(inSixtyDays)), Text(renewed, "[data-testid=instagram-expire-le]"));
        Assert.Null(Find(renewed, "[data-testid=instagram-expiration]"));
        Assert.DoesNotContain(Alerts(await overview.GetStringAsync("/")), alert => alert.StartsWith("Le jeton Instagram", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_meta_says_never_expires_is_shown_so_never_warned_about_and_kept_when_the_form_is_saved()
    {
        await using var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email);
        var overview = await SignedInClient.SignInAsync(_factory, DemoAccounts.Directeur.Email);
        var soon = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");
        var saved = await director.SaveAsync("instagram", new() { ["NouvelleCle"] = "IGQVJ-network-token-Nv42", ["Actif"] = "true", ["TokenExpireAt"] = soon });
        Assert.NotNull(Find(saved, "[data-testid=instagram-expiration]"));

        _factory.Providers.TokenExpiresAt = 0;
        var tested = await director.TestAsync("instagram");

        Assert.Equal("Connexion Instagram opérationnelle : compte @agence.demo (Business), jeton sans date d'expiration.", Text(tested, "[data-testid=message-instagram]"));
        Assert.Equal("N'expire jamais", Text(tested, "[data-testid=instagram-expire-le]"));
        Assert.Null(Find(tested, "[data-testid=instagram-expiration]"));
        Assert.DoesNotContain(Alerts(await overview.GetStringAsync("/")), alert => alert.StartsWith("Le jeton Instagram", StringComparison.Ordinal));
        Assert.Equal("infinity", await OwnerScalarAsync($"select instagram_token_expire_at::text from instagram_connexion join clients using (client_id) where client_nom = '{DemoAccounts.ReseauNom}'"));

        // Saving the form as shown (the date field is empty for such a token) keeps "never".
        var resaved = await director.SaveAsync("instagram", new() { ["Actif"] = "true", ["TokenExpireAt"] = "" });
        Assert.Equal("Connexion Instagram enregistrée.", Text(resaved, "[data-testid=message-instagram]"));
        Assert.Equal("N'expire jamais", Text(resaved, "[data-testid=instagram-expire-le]"));
    }

    [Fact]
    public async Task Token_meta_declares_invalid_gets_a_specific_french_message()
    {
        await using var soleil = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        var overview = await SignedInClient.SignInAsync(_factory, DemoAccounts.Independante.Email);
        await soleil.SaveAsync("instagram", new() { ["NouvelleCle"] = UserToken, ["Actif"] = "true" });
        _factory.Providers.TokenValid = false;

        // Revoked before its date (password changed, app removed...).
        _factory.Providers.TokenExpiresAt = DateTimeOffset.UtcNow.AddDays(20).ToUnixTimeSeconds();
        var revoked = await soleil.TestAsync("instagram");
        const string revokedMessage = "Meta indique que le jeton d'accès Instagram n'est plus valide (révoqué ou expiré) : générez-en un nouveau et remplacez-le.";
        Assert.Equal(revokedMessage, Text(revoked, "[data-testid=message-instagram]"));
        Assert.Equal("Clé refusée", Text(revoked, "[data-testid=statut-instagram]"));
        Assert.Equal(revokedMessage, Text(revoked, "[data-testid=erreur-instagram]"));

        // Past its date: the message says when, and Aperçu says it has expired.
        var twoDaysAgo = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds();
        _factory.Providers.TokenExpiresAt = twoDaysAgo;
        var expired = await soleil.TestAsync("instagram");
        var when = ConnexionLabels.Paris(DateTimeOffset.FromUnixTimeSeconds(twoDaysAgo));
        Assert.Equal($"Meta indique que le jeton d'accès Instagram a expiré le {when} : générez-en un nouveau et remplacez-le.", Text(expired, "[data-testid=message-instagram]"));
        Assert.Equal("Clé refusée", Text(expired, "[data-testid=statut-instagram]"));
        Assert.Contains($"Le jeton Instagram de {DemoAccounts.AgenceIndependanteNom} a expiré le {when}. Ouvrir les connexions", Alerts(await overview.GetStringAsync("/")));
    }

    [Fact]
    public async Task A_token_meta_rejects_as_graph_does_is_a_refused_key_not_a_bare_http_400()
    {
        await using var soleil = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        await soleil.SaveAsync("instagram", new() { ["NouvelleCle"] = UserToken, ["Actif"] = "true" });
        _factory.Providers.Mode = FakeProviders.Behaviour.GraphTokenRejected;

        var tested = await soleil.TestAsync("instagram");

        const string message = "Instagram refuse le jeton (invalide ou expiré) : générez-en un nouveau et remplacez-le.";
        Assert.Equal(message, Text(tested, "[data-testid=message-instagram]"));
        Assert.Equal("Clé refusée", Text(tested, "[data-testid=statut-instagram]"));
        Assert.Equal(message, Text(tested, "[data-testid=erreur-instagram]"));
    }

    [Fact]
    public async Task Debug_token_is_authorised_by_the_connexion_key_in_a_header_and_neither_token_reaches_the_logs()
    {
        await using var soleil = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        await soleil.SaveAsync("instagram", new() { ["NouvelleCle"] = UserToken, ["NouvelleCleConnexion"] = AppToken, ["Actif"] = "true" });

        var tested = await soleil.TestAsync("instagram");

        Assert.StartsWith("Connexion Instagram opérationnelle", Text(tested, "[data-testid=message-instagram]"));
        var call = _factory.Providers.DebugTokenCalls.Last();
        Assert.Equal($"Bearer {AppToken}", call.Authorization);
        Assert.Equal($"?input_token={UserToken}", call.Query);
        // The request was logged (so the check below is not vacuous), with its query blanked out.
        Assert.Contains(_factory.Logs.Lines, line => line.Contains("/debug_token?*", StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("user-token-Zx81", StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("app-secret-Qw73", StringComparison.Ordinal));
        Assert.DoesNotContain("user-token-Zx81", tested);
        Assert.DoesNotContain("app-secret-Qw73", tested);

        // Without a connexion key, the token vouches for itself.
        await using var director = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Directeur.Email);
        await director.SaveAsync("instagram", new() { ["NouvelleCle"] = "IGQVJ-network-self-token-Sf19", ["Actif"] = "true" });
        await director.TestAsync("instagram");
        Assert.Equal("Bearer IGQVJ-network-self-token-Sf19", _factory.Providers.DebugTokenCalls.Last().Authorization);
        Assert.DoesNotContain(_factory.Logs.Lines, line => line.Contains("self-token-Sf19", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Account_found_but_expiry_unreadable_says_which_call_failed()
    {
        await using var soleil = await ConnexionsScreen.OpenAsync(_factory, DemoAccounts.Independante.Email);
        await soleil.SaveAsync("instagram", new() { ["NouvelleCle"] = UserToken, ["NouvelleCleConnexion"] = AppToken, ["Actif"] = "true" });

        _factory.Providers.DebugTokenMode = FakeProviders.Behaviour.ServerError;
        var outage = await soleil.TestAsync("instagram");
        Assert.Equal("Compte @agence.demo joint, mais l'expiration du jeton n'a pas pu être lue. Instagram est indisponible pour le moment (HTTP 500) : réessayez plus tard.",
            Text(outage, "[data-testid=message-instagram]"));
        Assert.Equal("En erreur", Text(outage, "[data-testid=statut-instagram]"));

        _factory.Providers.DebugTokenMode = FakeProviders.Behaviour.Unauthorized;
        var refused = await soleil.TestAsync("instagram");
        Assert.Equal("Instagram refuse la clé de connexion (jeton d'application « identifiant|secret ») qui sert à lire l'expiration du jeton : vérifiez-la ou remplacez-la.",
            Text(refused, "[data-testid=message-instagram]"));
        Assert.Equal("Clé refusée", Text(refused, "[data-testid=statut-instagram]"));

        // As Meta really refuses an app token: HTTP 400, OAuthException 190.
        _factory.Providers.DebugTokenMode = FakeProviders.Behaviour.GraphTokenRejected;
        var graphRefused = await soleil.TestAsync("instagram");
        Assert.Equal(Text(refused, "[data-testid=message-instagram]"), Text(graphRefused, "[data-testid=message-instagram]"));
        Assert.Equal("Clé refusée", Text(graphRefused, "[data-testid=statut-instagram]"));
    }

    private static List<string> Alerts(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("[data-testid=alerte-connexion]")
            .Select(a => System.Text.RegularExpressions.Regex.Replace(a.TextContent.Trim(), @"\s+", " ")).ToList();

    private async Task<string?> OwnerScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_factory.Database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
