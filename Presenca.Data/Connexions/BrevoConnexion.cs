namespace Presenca.Data.Connexions;

/// <summary>Seed 000: a Brevo account used to send email campaigns.</summary>
public sealed class BrevoConnexion : Connexion
{
    public override Integration Integration => Integration.Brevo;

    public string? ApiKey { get; set; }

    public override string? MainSecret { get => ApiKey; set => ApiKey = value; }

    /// <summary>What Brevo's webhook calls must present (Basic password or bearer token); encrypted at rest.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Brevo's test mode: calls carry <c>X-Sib-Sandbox: drop</c>, nothing is delivered.</summary>
    public bool SandboxDrop { get; set; }

    public string? Commentaire { get; set; }

    public string? NomCompte { get; set; }

    public string? EmailCompte { get; set; }

    /// <summary>Filled by "Tester la connexion" from GET /v3/account.</summary>
    public string? Plan { get; set; }

    public decimal? Credits { get; set; }
}
