namespace Presenca.Data.Campaigns;

/// <summary>Who receives a campaign (<c>email_campaigns.audience_kind</c>).</summary>
public enum AudienceKind
{
    /// <summary>Every contact of the client.</summary>
    Tous,

    /// <summary>The contacts of the chosen companies.</summary>
    Organisations,

    /// <summary>The contacts a search finds (address or company name contains the text).</summary>
    Recherche,
}
