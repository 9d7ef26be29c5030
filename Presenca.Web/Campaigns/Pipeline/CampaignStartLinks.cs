namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>Where the campaign page reads what "Envoyer maintenant" did (its <c>fait</c> / <c>erreur</c> message).</summary>
public static class CampaignStartLinks
{
    public static string Query(CampaignStart start) => start switch
    {
        { Started: true } => "fait=envoi",
        { Queued: true } => "fait=preparation",
        _ => "erreur=" + Uri.EscapeDataString(start.Refusal ?? "Envoi impossible."),
    };
}
