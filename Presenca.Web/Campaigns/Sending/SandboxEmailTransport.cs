using System.Globalization;
using System.Text.Json;
using Presenca.Web.Campaigns.Webhooks;

namespace Presenca.Web.Campaigns.Sending;

/// <summary>Tunes the sandbox; the defaults make a demo campaign look like a real one.</summary>
public sealed class SandboxOptions
{
    /// <summary>Every n-th call answers 429, as a busy Brevo account would (0: never).</summary>
    public int RateLimitEveryNthCall { get; set; } = 25;

    public TimeSpan RateLimitDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events of a batch are spread over this much time after the call.</summary>
    public TimeSpan EventSpread { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Share of recipients (0..1) that hard-bounce, besides addresses that ask for it.</summary>
    public double BounceRate { get; set; } = 0.02;

    /// <summary>Share of delivered recipients that open the email.</summary>
    public double OpenRate { get; set; } = 0.35;

    /// <summary>Same seed, same outcomes: a demo or a test replays identically.</summary>
    public int Seed { get; set; } = 2026;
}

/// <summary>
/// Stands in for Brevo for a client without any Brevo connexion, where the sandbox is allowed
/// (the demo, Development: see <see cref="Pipeline.CampaignTransports"/>): answers like
/// Brevo (one message id per version, an occasional 429) without any network, and plays
/// request → delivered (or hard_bounce) → sometimes opened for every recipient over a few
/// seconds, as Brevo-shaped webhook payloads parsed by <see cref="BrevoWebhookEvent.Parse"/> and
/// handed to the same event inbox as real webhooks.
/// </summary>
/// <remarks>
/// A batch's events are all handed over at once, before the call is answered, each due when it
/// happens: one insert per batch, nothing running in the background, and nothing lost when the
/// process stops. If they cannot be stored, the call answers like a Brevo 5xx and the batch is
/// retried. An address whose local part starts with <c>bounce</c> always hard-bounces, so a demo
/// or a test can show a bounce on purpose. Idempotency keys are honoured like Brevo does: a batch
/// sent again gets the same message ids and plays no events again.
/// </remarks>
public sealed class SandboxEmailTransport(
    IEmailEventHandler events,
    SandboxOptions options,
    TimeProvider timeProvider,
    ILogger<SandboxEmailTransport> logger)
    : IEmailTransport
{
    // Brevo forgets an idempotency key after 30 minutes; so does the sandbox, which keeps its
    // memory flat however many batches a long demo sends.
    private static readonly TimeSpan IdempotencyTtl = TimeSpan.FromMinutes(30);
    private readonly Dictionary<Guid, (IReadOnlyList<string> Ids, DateTimeOffset Expires)> _answered = [];
    private readonly Lock _lock = new();
    private readonly Random _random = new(options.Seed);
    private long _calls;

    public async Task<EmailSendOutcome> SendAsync(EmailBatch batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = BatchIdempotencyKey.For(batch.BatchId);
        List<ScheduledEmailEvent> script;
        IReadOnlyList<string> ids;
        DateTimeOffset now;
        lock (_lock)
        {
            now = timeProvider.GetUtcNow();
            if (_answered.TryGetValue(key, out var known) && known.Expires > now)
            {
                return new EmailSendOutcome.Accepted(known.Ids);
            }

            ForgetExpiredKeys(now);

            var call = ++_calls;
            if (options.RateLimitEveryNthCall > 0 && call % options.RateLimitEveryNthCall == 0)
            {
                return new EmailSendOutcome.RateLimited(options.RateLimitDelay);
            }

            // Brevo refuses the whole call for one malformed address; so does the sandbox, so the
            // demo shows the same failure path as production.
            if (batch.Versions.SelectMany(v => v.To).Any(a => !LooksLikeAnAddress(a.Email)))
            {
                return new EmailSendOutcome.Rejected("invalid_parameter", "email is not valid in to");
            }

            ids = batch.Versions.Select(_ => NewMessageId()).ToList();
            script = Script(batch, ids, now);
        }

        try
        {
            await events.HandleAsync(script, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Événements sandbox du lot {BatchId} non enregistrés : le lot sera réessayé", batch.BatchId);
            return new EmailSendOutcome.Transient("sandbox : événements non enregistrés");
        }

        lock (_lock)
        {
            _answered[key] = (ids, now + IdempotencyTtl);
        }

        return new EmailSendOutcome.Accepted(ids);
    }

    private static bool LooksLikeAnAddress(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0
            && at == email.LastIndexOf('@')
            && email.IndexOf('.', at) > at + 1
            && !email.EndsWith('.')
            && !email.Any(char.IsWhiteSpace);
    }

    private void ForgetExpiredKeys(DateTimeOffset now)
    {
        foreach (var expired in _answered.Where(a => a.Value.Expires <= now).Select(a => a.Key).ToList())
        {
            _answered.Remove(expired);
        }
    }

    private string NewMessageId() =>
        string.Create(CultureInfo.InvariantCulture, $"<{timeProvider.GetUtcNow():yyyyMMddHHmmss}.{_random.NextInt64():x16}@sandbox.presenca.local>");

    // Decided under the lock (the Random is not thread-safe).
    private List<ScheduledEmailEvent> Script(EmailBatch batch, IReadOnlyList<string> messageIds, DateTimeOffset now)
    {
        var custom = new MailinCustom(batch.CampaignId, batch.BatchId).Format();
        var script = new List<ScheduledEmailEvent>();
        for (var i = 0; i < batch.Versions.Count; i++)
        {
            var version = batch.Versions[i];
            var subject = version.Subject ?? batch.Subject;
            foreach (var recipient in version.To)
            {
                var spread = options.EventSpread.Ticks;
                var delivered = TimeSpan.FromTicks((long)(_random.NextDouble() * spread / 2));
                script.Add(Event(TimeSpan.Zero, BrevoEventKind.Request, recipient.Email, messageIds[i], custom, subject, now));
                var bounces = recipient.Email.StartsWith("bounce", StringComparison.OrdinalIgnoreCase) || _random.NextDouble() < options.BounceRate;
                if (bounces)
                {
                    script.Add(Event(delivered, BrevoEventKind.HardBounce, recipient.Email, messageIds[i], custom, subject, now, "550 5.1.1 Adresse inconnue (sandbox)"));
                    continue;
                }

                script.Add(Event(delivered, BrevoEventKind.Delivered, recipient.Email, messageIds[i], custom, subject, now));
                if (_random.NextDouble() < options.OpenRate)
                {
                    var opened = delivered + TimeSpan.FromTicks((long)(_random.NextDouble() * spread / 2));
                    script.Add(Event(opened, BrevoEventKind.UniqueOpened, recipient.Email, messageIds[i], custom, subject, now));
                }
            }
        }

        // In the order they happen, which is the order the inbox applies them in.
        return [.. script.OrderBy(e => e.Due)];
    }

    // Written as Brevo writes a payload and read back by the webhook's parser, stamped when it
    // happens, like Brevo stamps an event.
    private static ScheduledEmailEvent Event(
        TimeSpan due, BrevoEventKind kind, string email, string messageId, string custom, string subject, DateTimeOffset now, string? reason = null)
    {
        var at = now + due;
        var payload = new Dictionary<string, object?>
        {
            ["event"] = BrevoEventNames.PayloadName(kind),
            ["email"] = email,
            ["id"] = 0,
            ["message-id"] = messageId,
            ["subject"] = subject,
            ["X-Mailin-custom"] = custom,
            ["tags"] = new[] { "presenca-sandbox" },
            ["reason"] = reason,
            ["ts_event"] = at.ToUnixTimeSeconds(),
            ["ts_epoch"] = at.ToUnixTimeMilliseconds(),
        };
        var parsed = BrevoWebhookEvent.Parse(JsonSerializer.SerializeToElement(payload), out var refusal)
            ?? throw new InvalidOperationException($"The sandbox wrote a payload Brevo would not: {refusal}");
        return new ScheduledEmailEvent(parsed, due);
    }
}
