using Microsoft.Extensions.Options;
using Presenca.Data.Connexions;
using Presenca.Web.Brevo;
using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>
/// Where a campaign's emails go: a real Brevo account (<see cref="Connexion"/> with its key), the
/// sandbox (<see cref="Sandbox"/>: nothing leaves, the page says it is a simulation), or nowhere,
/// with the French reason in <see cref="Refusal"/>.
/// </summary>
public sealed record SendingRoute(BrevoConnexion? Connexion, bool Sandbox, string? Refusal)
{
    public const string MissingApiKey =
        "La connexion Brevo de ce client n'a pas de clé API : saisissez la clé API du compte Brevo dans Connexions pour pouvoir envoyer.";

    public const string SandboxDisabled =
        "Le bac à sable n'est pas activé sur ce serveur (Presenca:Campaigns:Pipeline:SandboxWithoutConnexion) : configurez une connexion Brevo avec sa clé API pour envoyer.";

    public bool CanSend => Refusal is null;

    /// <summary>
    /// The sandbox serves only a client without any Brevo connexion, and only where
    /// <paramref name="sandboxWithoutConnexion"/> allows it (Development, the demo, or set on
    /// purpose). A connexion without an API key never sends: neither to Brevo (it has no account
    /// to send from) nor to the sandbox (it would make up the fate of real recipients).
    /// </summary>
    /// <param name="connexion">The client's effective Brevo connexion, if any.</param>
    /// <param name="noConnexionReason">Why there is none (from <see cref="Connexions.EffectiveConnexion"/>), for the refusal.</param>
    /// <param name="sandboxWithoutConnexion"><see cref="PipelineOptions.SandboxWithoutConnexion"/>.</param>
    public static SendingRoute Of(BrevoConnexion? connexion, string? noConnexionReason, bool sandboxWithoutConnexion)
    {
        if (connexion is not null)
        {
            return string.IsNullOrWhiteSpace(connexion.ApiKey)
                ? new SendingRoute(connexion, Sandbox: false, MissingApiKey)
                : new SendingRoute(connexion, Sandbox: false, Refusal: null);
        }

        if (sandboxWithoutConnexion)
        {
            return new SendingRoute(null, Sandbox: true, Refusal: null);
        }

        return new SendingRoute(null, Sandbox: false, noConnexionReason is null
            ? SandboxDisabled
            : $"Aucune connexion Brevo active pour envoyer cette campagne. {noConnexionReason}");
    }
}

/// <summary>
/// Decides every campaign's <see cref="SendingRoute"/> with this process's settings (start, test
/// send, each batch, the pages) and hands out the transport of a route that may send.
/// </summary>
public sealed class CampaignTransports(BrevoClient brevo, SandboxEmailTransport sandbox, IOptions<PipelineOptions> options)
{
    /// <inheritdoc cref="SendingRoute.Of"/>
    public SendingRoute Route(BrevoConnexion? connexion, string? noConnexionReason = null) =>
        SendingRoute.Of(connexion, noConnexionReason, options.Value.SandboxWithoutConnexion);

    /// <summary>The transport of a route that may send.</summary>
    public IEmailTransport For(SendingRoute route) =>
        route switch
        {
            { Refusal: { } refusal } => throw new InvalidOperationException($"This route cannot send: {refusal}"),
            { Sandbox: true } => sandbox,
            _ => new BrevoEmailTransport(brevo, route.Connexion!.ApiKey!),
        };

    /// <summary>The rate limiter's key: one Brevo account per connexion; one sandbox.</summary>
    public static string LimiterKey(SendingRoute route) =>
        route.Connexion is { } connexion ? $"brevo:{connexion.ConnexionId:D}" : "sandbox";
}
