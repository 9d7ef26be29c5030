using System.Globalization;
using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions;

/// <summary>The French names users read for integrations and connexion statuses.</summary>
public static class ConnexionLabels
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Of(Integration integration) => integration switch
    {
        Integration.Brevo => "Brevo",
        Integration.Zoho => "Zoho",
        Integration.Openai => "OpenAI",
        Integration.Instagram => "Instagram",
        _ => "",
    };

    public static string Of(ConnexionStatus status) => status switch
    {
        ConnexionStatus.Active => "Opérationnelle",
        ConnexionStatus.NonTestee => "Pas encore testée",
        ConnexionStatus.CleInvalide => "Clé refusée",
        ConnexionStatus.LimiteAtteinte => "Limite d'appels atteinte",
        ConnexionStatus.Erreur => "En erreur",
        _ => "",
    };

    /// <summary>The theme colour of a status chip.</summary>
    public static MudBlazor.Color ColorOf(ConnexionStatus status) => status switch
    {
        ConnexionStatus.Active => MudBlazor.Color.Success,
        ConnexionStatus.NonTestee => MudBlazor.Color.Default,
        ConnexionStatus.LimiteAtteinte => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Error,
    };

    /// <summary>What the main secret of an integration is called in forms.</summary>
    public static string SecretOf(Integration integration) => integration switch
    {
        Integration.Instagram => "Jeton d'accès",
        Integration.Zoho => "Jeton OAuth",
        _ => "Clé API",
    };

    /// <summary>The same, inside a sentence ("sa clé API", "son jeton d'accès").</summary>
    public static string SecretInSentence(Integration integration) => integration switch
    {
        Integration.Instagram => "son jeton d'accès",
        Integration.Zoho => "son jeton OAuth",
        _ => "sa clé API",
    };

    /// <summary>An Instagram token's expiry as the page shows it.</summary>
    public static string TokenExpiry(DateTimeOffset? expiresAt) => expiresAt switch
    {
        null => "Inconnue",
        { } at when at == InstagramConnexion.TokenNeverExpires => "N'expire jamais",
        { } at => Paris(at),
    };

    /// <summary>A moment in Paris time, as every connexion page and warning writes it.</summary>
    public static string Paris(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, ConnexionQuota.Paris).ToString("dd/MM/yyyy HH:mm", French);
}
