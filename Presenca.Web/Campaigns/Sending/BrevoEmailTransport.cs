using Presenca.Web.Brevo;

namespace Presenca.Web.Campaigns.Sending;

/// <summary>
/// The real transport: one Brevo account, i.e. one connexion's decrypted API key. Built by the
/// pipeline per campaign run so the key lives only as long as the run, never in a singleton.
/// </summary>
public sealed class BrevoEmailTransport(BrevoClient client, string apiKey) : IEmailTransport
{
    public Task<EmailSendOutcome> SendAsync(EmailBatch batch, CancellationToken cancellationToken) =>
        client.SendAsync(apiKey, batch, cancellationToken);

    // The key must never reach a log through a record's or object's printed form.
    public override string ToString() => "BrevoEmailTransport(api-key: masqué)";
}
