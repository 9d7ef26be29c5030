namespace Presenca.Web.Campaigns.Sending;

/// <summary>What the pipeline does with a batch after a call, decided from the outcome alone.</summary>
public abstract record BatchDecision
{
    private BatchDecision()
    {
    }

    /// <summary>Store the message ids and move the recipients to sent (through EmailEventRules.Advance).</summary>
    public sealed record RecordSent(IReadOnlyList<string> MessageIds) : BatchDecision;

    /// <summary>Release the claim with "not before now + delay"; the same batch id is sent again.</summary>
    public sealed record RetryLater(TimeSpan Delay, string Reason) : BatchDecision;

    /// <summary>Mark the batch's recipients failed, keeping this French reason on each row.</summary>
    public sealed record FailRecipients(string Reason) : BatchDecision;

    /// <summary>Pause the campaign and show this French explanation; retrying cannot help.</summary>
    public sealed record PauseCampaign(string Explanation) : BatchDecision;
}

/// <summary>Retry limits of the sending pipeline (<c>Presenca:Campaigns:Retry</c>).</summary>
public sealed class BatchRetryOptions
{
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Transient failures in a row before the campaign is paused rather than retried.</summary>
    public int MaxTransientAttempts { get; set; } = 8;
}

/// <summary>
/// Turns an <see cref="EmailSendOutcome"/> into a <see cref="BatchDecision"/>: the retry and
/// pause rules of issue 6 in one pure function, so the worker loop only executes decisions.
/// </summary>
/// <remarks>
/// Transient failures back off exponentially with jitter (so workers of several instances do not
/// retry in step) and stop after <see cref="BatchRetryOptions.MaxTransientAttempts"/>: by default
/// about 4 minutes in total, well inside Brevo's 30-minute idempotency window, so a batch whose
/// answer was lost is never delivered twice. Then the campaign pauses instead of failing its
/// recipients: Brevo being down says nothing about them. A 429 waits what Brevo asked, without
/// counting as a failure. 401 and 402 pause at once with a French explanation for the user.
/// </remarks>
public static class BatchOutcomePolicy
{
    /// <param name="transientAttempt">1 for the first transient failure of this batch in a row.</param>
    /// <param name="jitter">0..1, drawn by the caller (a seeded Random in tests).</param>
    public static BatchDecision Decide(EmailSendOutcome outcome, int transientAttempt, BatchRetryOptions options, double jitter) => outcome switch
    {
        EmailSendOutcome.Accepted accepted => new BatchDecision.RecordSent(accepted.MessageIds),

        EmailSendOutcome.RateLimited limited => new BatchDecision.RetryLater(
            limited.RetryAfter > TimeSpan.Zero ? limited.RetryAfter : options.FirstDelay,
            "Brevo limite le débit d'envoi (429)."),

        EmailSendOutcome.Transient transient when transientAttempt >= options.MaxTransientAttempts =>
            new BatchDecision.PauseCampaign(
                $"Brevo ne répond plus correctement après {transientAttempt} tentatives ({transient.Reason}) : la campagne est en pause, reprenez-la quand Brevo fonctionne à nouveau."),

        EmailSendOutcome.Transient transient => new BatchDecision.RetryLater(Backoff(transientAttempt, options, jitter), transient.Reason),

        EmailSendOutcome.Rejected rejected => new BatchDecision.FailRecipients(
            $"Brevo a refusé l'envoi : {rejected.Message} ({rejected.Code})."),

        EmailSendOutcome.Unauthorized => new BatchDecision.PauseCampaign(
            "Brevo refuse la clé API de la connexion (401). Corrigez la clé dans Connexions > Brevo, puis reprenez la campagne."),

        EmailSendOutcome.PaymentRequired payment => new BatchDecision.PauseCampaign(
            $"Le compte Brevo n'a plus de crédits ou n'est pas activé (402 : {payment.Message}). Rechargez le compte, puis reprenez la campagne."),

        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>FirstDelay × 2^(attempt−1), capped, then between 80 % and 100 % of it.</summary>
    public static TimeSpan Backoff(int attempt, BatchRetryOptions options, double jitter)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = options.FirstDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.2 * Math.Clamp(jitter, 0, 1))));
    }
}
