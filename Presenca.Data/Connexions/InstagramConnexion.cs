namespace Presenca.Data.Connexions;

/// <summary>Seed 003: an Instagram business account reached through the Graph API.</summary>
public sealed class InstagramConnexion : Connexion
{
    public static readonly IReadOnlyList<string> DefaultPermissions = ["instagram_basic", "pages_read_engagement", "instagram_manage_insights"];

    /// <summary>
    /// The expiry of a token Meta says never expires (debug_token's expires_at = 0). Npgsql writes
    /// it as PostgreSQL's <c>infinity</c>, so "expires within 7 days" stays one comparison in SQL.
    /// </summary>
    public static readonly DateTimeOffset TokenNeverExpires = DateTimeOffset.MaxValue;

    public override Integration Integration => Integration.Instagram;

    public string? ConnexionKey { get; set; }

    public string? EmailCompte { get; set; }

    /// <summary>The Graph API token: what "Tester la connexion" and every call use.</summary>
    public string? AccessToken { get; set; }

    public override string? MainSecret { get => AccessToken; set => AccessToken = value; }

    /// <summary>Filled by "Tester la connexion" from Meta's debug_token; null = not known yet.</summary>
    public DateTimeOffset? TokenExpireAt { get; set; }

    public string? BusinessAccountId { get; set; }

    public string? PageId { get; set; }

    public List<string>? Permissions { get; set; } = [.. DefaultPermissions];

    public string? TypeCompte { get; set; }
}
