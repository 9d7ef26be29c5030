using Presenca.Data.Connexions;
using Presenca.Web.Brevo;
using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// Which transport a campaign's batches go through: the connexion's real Brevo account when it
/// has an API key, otherwise the sandbox (no connexion, allowed in Development and the demo; or
/// a connexion without a key).
/// </summary>
public sealed class CampaignTransports(BrevoClient brevo, SandboxEmailTransport sandbox)
{
    public IEmailTransport For(BrevoConnexion? connexion) =>
        connexion?.ApiKey is { Length: > 0 } key ? new BrevoEmailTransport(brevo, key) : sandbox;

    /// <summary>The rate limiter's key: one Brevo account per connexion; one sandbox.</summary>
    public static string LimiterKey(BrevoConnexion? connexion) =>
        connexion?.ApiKey is { Length: > 0 } ? $"brevo:{connexion.ConnexionId:D}" : "sandbox";
}
