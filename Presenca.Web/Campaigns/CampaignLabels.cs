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

    public static string BadgeClass(EmailCampaignStatus status) => status switch
    {
        EmailCampaignStatus.Sent => "text-bg-success",
        EmailCampaignStatus.Failed => "text-bg-danger",
        EmailCampaignStatus.Sending => "text-bg-primary",
        EmailCampaignStatus.Paused => "text-bg-warning",
        EmailCampaignStatus.Scheduled => "text-bg-info",
        _ => "text-bg-secondary",
    };

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
