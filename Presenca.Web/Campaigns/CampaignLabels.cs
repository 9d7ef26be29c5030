using System.Globalization;
using Presenca.Data.Campaigns;

namespace Presenca.Web.Campaigns;

/// <summary>The French words users read about campaigns and their recipients, in one place.</summary>
public static class CampaignLabels
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Of(EmailCampaignStatus status) => status switch
    {
        EmailCampaignStatus.Draft => "Brouillon",
        EmailCampaignStatus.Scheduled => "Programmée",
        EmailCampaignStatus.Sending => "En cours d'envoi",
        EmailCampaignStatus.Sent => "Envoyée",
        EmailCampaignStatus.Failed => "Échouée",
        EmailCampaignStatus.Paused => "En pause",
        EmailCampaignStatus.Cancelled => "Annulée",
        _ => "",
    };

    /// <summary>The theme colour of a status badge (every one keeps AA contrast with white text).</summary>
    public static MudBlazor.Color Color(EmailCampaignStatus status) => status switch
    {
        EmailCampaignStatus.Sent => MudBlazor.Color.Success,
        EmailCampaignStatus.Failed => MudBlazor.Color.Error,
        EmailCampaignStatus.Sending => MudBlazor.Color.Primary,
        EmailCampaignStatus.Paused => MudBlazor.Color.Warning,
        EmailCampaignStatus.Scheduled => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Dark,
    };

    /// <summary>What "Envoyer maintenant" did, in French.</summary>
    public static string Outcome(Pipeline.CampaignStart start) => start switch
    {
        { Started: true } => "Envoi lancé : suivez sa progression ci-dessous.",
        _ => start.Refusal ?? "Envoi impossible.",
    };

    /// <summary>Said wherever a campaign goes, or went, through the sandbox.</summary>
    public const string Simulation = "Simulation : cette campagne passe par le bac à sable de Presenca, aucun e-mail ne part réellement ; remises, ouvertures et rebonds sont simulés.";

    /// <summary>
    /// "Préparation des destinataires : 340 000 restants", while a campaign's recipients are being
    /// written; null: the audience is still being counted (just after the start).
    /// </summary>
    public static string Preparing(int? remaining) => remaining switch
    {
        null => "Préparation des destinataires : décompte en cours",
        > 0 => $"Préparation des destinataires : {Number(remaining.Value)} restants",
        _ => "Préparation des destinataires : les derniers",
    };

    /// <summary>A control refused because the campaign moved on meanwhile (another tab, the pipeline).</summary>
    public const string NoLongerPossible = "Cette action n'est plus possible dans l'état actuel de la campagne.";

    public static string Of(EmailSentStatus status) => status switch
    {
        EmailSentStatus.Pending => "En attente",
        EmailSentStatus.Sending => "En cours d'envoi",
        EmailSentStatus.Sent => "Envoyés",
        EmailSentStatus.Delivered => "Délivrés",
        EmailSentStatus.Failed => "Échoués",
        EmailSentStatus.Bounced => "Rejetés (bounce)",
        _ => "",
    };

    public static string Of(AudienceKind kind) => kind switch
    {
        AudienceKind.Tous => "Tous les contacts",
        AudienceKind.Organisations => "Les contacts d'organisations choisies",
        AudienceKind.Recherche => "Les contacts trouvés par une recherche",
        _ => "",
    };

    public static string Number(int value) => value.ToString("N0", French);

    public static string Date(DateTimeOffset? value) =>
        value is { } at ? TimeZoneInfo.ConvertTime(at, Connexions.ConnexionQuota.Paris).ToString("dd/MM/yyyy 'à' HH:mm", French) : "—";
}
