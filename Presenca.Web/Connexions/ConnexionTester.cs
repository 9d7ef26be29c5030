using System.Globalization;
using System.Text.Json.Nodes;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Web.Brevo;
using Presenca.Web.Connexions.Providers;

namespace Presenca.Web.Connexions;

/// <summary>
/// "Tester la connexion": one harmless read call to the provider with the stored secret, whose
/// outcome becomes the connexion's statut_connexion, derniere_erreur and derniere_synchro, and
/// fills what the provider says about the account.
/// </summary>
public sealed class ConnexionTester(
    BrevoClient brevo, OpenAiClient openAi, InstagramClient instagram, ZohoClient zoho, IConfiguration configuration, TimeProvider clock, ILogger<ConnexionTester> logger)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public async Task<ConnexionTestOutcome> TestAsync(PresencaDbContext db, Connexion connexion, CancellationToken cancellationToken = default)
    {
        var name = ConnexionLabels.Of(connexion.Integration);
        if (string.IsNullOrEmpty(connexion.MainSecret))
        {
            return new(false, $"Rien à tester : enregistrez d'abord {ConnexionLabels.SecretInSentence(connexion.Integration)} {name}.");
        }

        var timeout = ConnexionsOptions.TestTimeout(configuration);
        var (status, error, success) = connexion switch
        {
            BrevoConnexion b => Apply(await brevo.GetAccountAsync(b.ApiKey!, timeout, cancellationToken), account => Describe(b, account)),
            OpenaiConnexion o => Apply(await openAi.ListModelsAsync(o.ApiKey!, o.OpenaiOrganisationId, o.ProjectId, timeout, cancellationToken), models => Describe(o, models)),
            InstagramConnexion i => await TestInstagramAsync(i, timeout, cancellationToken),
            ZohoConnexion z => Apply(await zoho.GetAccountsAsync(z.ApiKey!, timeout, cancellationToken), accounts => Describe(z, accounts)),
            _ => throw new ArgumentOutOfRangeException(nameof(connexion)),
        };

        connexion.StatutConnexion = status;
        connexion.DerniereErreur = error;
        connexion.DerniereSynchro = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Connexion {Integration} {ConnexionId} tested: {Status}", connexion.Integration, connexion.ConnexionId, status);
        return error is null ? new(true, success!) : new(false, error);
    }

    private static (ConnexionStatus, string?, string?) Apply<T>(ProviderResponse<T> response, Func<T, string> onSuccess)
        where T : class =>
        response.Value is { } value ? (ConnexionStatus.Active, null, onSuccess(value)) : (response.Status, response.Error, null);

    private static string Describe(BrevoConnexion connexion, BrevoAccount account)
    {
        var person = string.Join(' ', new[] { account.FirstName, account.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        connexion.NomCompte = !string.IsNullOrWhiteSpace(account.CompanyName) ? account.CompanyName : person;
        connexion.EmailCompte = account.Email ?? connexion.EmailCompte;
        var plan = account.Plan?.FirstOrDefault(p => p.Type != "sms") ?? account.Plan?.FirstOrDefault();
        connexion.Plan = plan?.Type;
        connexion.Credits = plan?.Credits;
        return $"Connexion Brevo opérationnelle : compte « {connexion.NomCompte} » ({connexion.EmailCompte}), offre {connexion.Plan ?? "inconnue"}"
            + (connexion.Credits is { } credits ? $", {credits.ToString("N0", French)} crédits." : ".");
    }

    private static string Describe(OpenaiConnexion connexion, OpenAiModelList list)
    {
        var models = (list.Data ?? []).Select(m => m.Id).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var extensions = ParseObject(connexion.IaExtensions);
        extensions["modeles_disponibles"] = new JsonArray([.. models.Select(m => (JsonNode)m)]);
        connexion.IaExtensions = extensions.ToJsonString();
        return $"Connexion OpenAI opérationnelle : {models.Count} modèles disponibles pour cette clé.";
    }

    /// <summary>
    /// GET /me for the account, then debug_token for the token's validity and expiry, which Meta
    /// alone knows: its answer replaces whatever date was typed in the form. debug_token wants an
    /// app token (instagram_connexion_key, "app-id|app-secret"); without one, the token itself.
    /// </summary>
    private async Task<(ConnexionStatus, string?, string?)> TestInstagramAsync(InstagramConnexion connexion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var accessToken = connexion.AccessToken!;
        var me = await instagram.GetMeAsync(accessToken, timeout, cancellationToken);
        if (me.Value is not { } account)
        {
            return (me.Status, me.Error, null);
        }

        connexion.BusinessAccountId = account.UserId ?? account.Id;
        connexion.TypeCompte = account.AccountType;
        var withAppToken = !string.IsNullOrEmpty(connexion.ConnexionKey);
        var debug = await instagram.DebugTokenAsync(accessToken, withAppToken ? connexion.ConnexionKey! : accessToken, timeout, cancellationToken);
        if (debug.Value is not { } token)
        {
            return (debug.Status, debug.Status == ConnexionStatus.CleInvalide && withAppToken
                ? "Instagram refuse la clé de connexion (jeton d'application « identifiant|secret ») qui sert à lire l'expiration du jeton : vérifiez-la ou remplacez-la."
                : $"Compte @{account.Username} joint, mais l'expiration du jeton n'a pas pu être lue. {debug.Error}", null);
        }

        if (token.ExpiresAt is { } expiresAt)
        {
            connexion.TokenExpireAt = expiresAt;
        }

        if (!token.IsValid)
        {
            return (ConnexionStatus.CleInvalide, token.ExpiresAt is { } expired && expired <= clock.GetUtcNow()
                ? $"Meta indique que le jeton d'accès Instagram a expiré le {ConnexionLabels.Paris(expired)} : générez-en un nouveau et remplacez-le."
                : "Meta indique que le jeton d'accès Instagram n'est plus valide (révoqué ou expiré) : générez-en un nouveau et remplacez-le.", null);
        }

        var validity = connexion.TokenExpireAt == InstagramConnexion.TokenNeverExpires
            ? "jeton sans date d'expiration"
            : $"jeton valable jusqu'au {ConnexionLabels.TokenExpiry(connexion.TokenExpireAt)}";
        return (ConnexionStatus.Active, null, $"Connexion Instagram opérationnelle : compte @{account.Username} ({account.AccountType ?? "type inconnu"}), {validity}.");
    }

    private static string Describe(ZohoConnexion connexion, ZohoAccounts accounts)
    {
        var account = accounts.Data?.FirstOrDefault();
        if (account is not null)
        {
            connexion.EmailCompte = account.PrimaryEmailAddress ?? connexion.EmailCompte;
            connexion.NomCompte = account.DisplayName ?? account.AccountDisplayName ?? connexion.NomCompte;
        }

        return account is null
            ? "Connexion Zoho opérationnelle, mais aucun compte de messagerie n'est rattaché à ce jeton."
            : $"Connexion Zoho opérationnelle : compte « {connexion.NomCompte} » ({connexion.EmailCompte}).";
    }

    /// <summary>The models offered by the last successful test (stored in openai_ia_extensions).</summary>
    public static IReadOnlyList<string> OfferedModels(OpenaiConnexion connexion) =>
        ParseObject(connexion.IaExtensions)["modeles_disponibles"] is JsonArray array
            ? [.. array.Select(n => n?.GetValue<string>()).OfType<string>()]
            : [];

    private static JsonObject ParseObject(string? json)
    {
        try
        {
            return JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}

public sealed record ConnexionTestOutcome(bool Succeeded, string Message);
