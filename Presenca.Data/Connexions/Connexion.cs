using Presenca.Data.Tenancy;

namespace Presenca.Data.Connexions;

/// <summary>
/// What the four connexion tables share (seed 001): the owner (organisation, client), activation,
/// health, the daily quota and whether a network lets its agencies use it. Each table prefixes
/// these columns with its integration (<c>brevo_actif</c>, <c>openai_actif</c>...).
/// </summary>
public abstract class Connexion : AuditedEntity, IClientOwned
{
    public Guid ConnexionId { get; set; }

    public Guid OrganisationId { get; set; }

    public ClientType ClientType { get; set; }

    public Guid ClientId { get; set; }

    public abstract Integration Integration { get; }

    public bool Actif { get; set; } = true;

    public DateTimeOffset DateActivation { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Last successful or failed "Tester la connexion".</summary>
    public DateTimeOffset? DerniereSynchro { get; set; }

    public ConnexionStatus StatutConnexion { get; set; } = ConnexionStatus.NonTestee;

    public string? DerniereErreur { get; set; }

    /// <summary>Null: no daily limit.</summary>
    public int? LimiteQuotidienne { get; set; }

    public int? UsageQuotidien { get; set; } = 0;

    /// <summary>When <see cref="UsageQuotidien"/> restarts from zero (next midnight, Europe/Paris).</summary>
    public DateTimeOffset? ResetQuotaAt { get; set; }

    /// <summary>A network's connexion that its agencies may use when they have none of their own.</summary>
    public bool PartageAgences { get; set; }

    public string? AuditLog { get; set; } = "{}";

    public string? IaExtensions { get; set; } = "{}";

    /// <summary>The usage of today: a counter whose reset time has passed counts as zero.</summary>
    public int UsageAujourdhui(DateTimeOffset now) => ResetQuotaAt is { } reset && reset > now ? UsageQuotidien ?? 0 : 0;

    /// <summary>The main secret of the integration (API key or connexion key), encrypted at rest.</summary>
    public abstract string? MainSecret { get; set; }
}
