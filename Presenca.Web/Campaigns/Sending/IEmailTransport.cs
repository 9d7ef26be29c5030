namespace Presenca.Web.Campaigns.Sending;

/// <summary>
/// Where a claimed batch goes. Declared here, beside the sender that uses it, so the pipeline
/// depends on this and not on HTTP: <see cref="BrevoEmailTransport"/> sends through a real Brevo
/// account (one instance per connexion, holding its decrypted key), and
/// <see cref="SandboxEmailTransport"/> stands in when there is no connexion at all and the sandbox
/// is allowed (the demo, Development).
/// </summary>
public interface IEmailTransport
{
    /// <summary>
    /// Sends one batch. Never throws for what the provider answers (that is the outcome); throws
    /// only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<EmailSendOutcome> SendAsync(EmailBatch batch, CancellationToken cancellationToken);
}
