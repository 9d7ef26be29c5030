using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions;

/// <summary>
/// One connexion's form, as the user filled it in. Numbers and dates are text so that a typo gets
/// a French message rather than a binding error. Secrets are write-only: the form never carries
/// them back.
/// </summary>
public sealed class ConnexionInput
{
    /// <summary>
    /// Always posted (hidden field), so that a form with every box unchecked still binds and is
    /// not mistaken for "no post" and pre-filled from the stored connexion.
    /// </summary>
    public bool Envoye { get; set; }

    /// <summary>Replaces the main secret when not empty; empty keeps the stored one.</summary>
    public string? NouvelleCle { get; set; }

    /// <summary>Instagram only: replaces instagram_connexion_key.</summary>
    public string? NouvelleCleConnexion { get; set; }

    public bool Actif { get; set; }

    public bool PartageAgences { get; set; }

    public string? EmailCompte { get; set; }

    public string? NomCompte { get; set; }

    public string? Commentaire { get; set; }

    public string? LimiteQuotidienne { get; set; }

    public string? OpenaiOrganisationId { get; set; }

    public string? ProjectId { get; set; }

    public string? ModelesAutorises { get; set; }

    public string? LimiteCoutMois { get; set; }

    public string? PageId { get; set; }

    public string? TokenExpireAt { get; set; }

    /// <summary>A copy the user may edit without touching the one it came from.</summary>
    public ConnexionInput Copy() => (ConnexionInput)MemberwiseClone();

    /// <summary>The form as it stands for a stored connexion (or a new one: active, seed defaults).</summary>
    public static ConnexionInput From(Connexion? connexion, Integration integration)
    {
        var input = new ConnexionInput
        {
            Actif = connexion?.Actif ?? true,
            PartageAgences = connexion?.PartageAgences ?? false,
            LimiteQuotidienne = connexion?.LimiteQuotidienne?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        switch (connexion)
        {
            case BrevoConnexion b:
                (input.EmailCompte, input.NomCompte, input.Commentaire) = (b.EmailCompte, b.NomCompte, b.Commentaire);
                break;
            case ZohoConnexion z:
                (input.EmailCompte, input.NomCompte) = (z.EmailCompte, z.NomCompte);
                break;
            case OpenaiConnexion o:
                (input.EmailCompte, input.OpenaiOrganisationId, input.ProjectId) = (o.EmailCompte, o.OpenaiOrganisationId, o.ProjectId);
                input.ModelesAutorises = string.Join(", ", o.ModelesAutorises ?? []);
                input.LimiteCoutMois = o.LimiteCoutMois?.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
                break;
            case InstagramConnexion i:
                (input.EmailCompte, input.PageId) = (i.EmailCompte, i.PageId);
                input.TokenExpireAt = ExpiryDay(i.TokenExpireAt);
                break;
            case null when integration == Integration.Openai:
                input.ModelesAutorises = string.Join(", ", OpenaiConnexion.DefaultModels);
                break;
        }

        return input;
    }

    /// <summary>
    /// The day the expiry field shows (Paris time); empty when unknown or when Meta says the token
    /// never expires.
    /// </summary>
    public static string? ExpiryDay(DateTimeOffset? expiry) =>
        expiry is { } at && at != InstagramConnexion.TokenNeverExpires
            ? TimeZoneInfo.ConvertTime(at, ConnexionQuota.Paris).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
