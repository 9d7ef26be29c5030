namespace Presenca.Web.Campaigns.Sending;

/// <summary>
/// What happened to one batch, in the few cases the pipeline treats differently. Every transport
/// (real Brevo, the sandbox) answers with one of these, so the pipeline never reads HTTP.
/// </summary>
/// <remarks>
/// Retry policy by case: <see cref="Accepted"/> stores the message ids; <see cref="RateLimited"/>
/// and <see cref="Transient"/> release the batch for a retry with backoff (the same batch id, so
/// the same idempotency key); <see cref="Rejected"/> is the request's fault and is not retried
/// (recipients recorded as failed with the reason); <see cref="Unauthorized"/> and
/// <see cref="PaymentRequired"/> are the account's fault: retrying cannot help, the campaign is
/// paused with a French explanation until someone fixes the connexion.
/// </remarks>
public abstract record EmailSendOutcome
{
    private EmailSendOutcome()
    {
    }

    /// <summary>Brevo took the batch; one message id per version, in the versions' order.</summary>
    public sealed record Accepted(IReadOnlyList<string> MessageIds) : EmailSendOutcome;

    /// <summary>Too many calls (HTTP 429): wait at least <paramref name="RetryAfter"/>.</summary>
    public sealed record RateLimited(TimeSpan RetryAfter) : EmailSendOutcome;

    /// <summary>5xx, timeout or network failure: the batch may be retried as is.</summary>
    public sealed record Transient(string Reason) : EmailSendOutcome;

    /// <summary>HTTP 400: Brevo refused the request (<c>invalid_parameter</c>, ...).</summary>
    public sealed record Rejected(string Code, string Message) : EmailSendOutcome;

    /// <summary>HTTP 401: the API key is wrong or revoked.</summary>
    public sealed record Unauthorized(string Message) : EmailSendOutcome;

    /// <summary>HTTP 402: no credits left or account not activated.</summary>
    public sealed record PaymentRequired(string Message) : EmailSendOutcome;
}
