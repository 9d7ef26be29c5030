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
/// Brevo (one message id per version, an occasional 429) without any network, then plays
/// request → delivered (or hard_bounce) → sometimes opened for every recipient over a few
/// seconds, as Brevo-shaped webhook payloads parsed by <see cref="BrevoWebhookEvent.Parse"/> and
/// handed to the same <see cref="IEmailEventHandler"/> as real webhooks.
/// </summary>
/// <remarks>
/// An address whose local part starts with <c>bounce</c> always hard-bounces, so a demo or a
/// test can show a bounce on purpose. Idempotency keys are honoured like Brevo does: a batch
/// sent again gets the same message ids and plays no events again. Events run on the thread
/// pool until <see cref="DisposeAsync"/>, which cancels what has not played yet.
/// </remarks>
public sealed class SandboxEmailTransport(
    IEmailEventHandler events,
    SandboxOptions options,
    TimeProvider timeProvider,
    ILogger<SandboxEmailTransport> logger)
    : IEmailTransport, IAsyncDisposable
{
    // Brevo forgets an idempotency key after 30 minutes; so does the sandbox, which keeps its
    // memory flat however many batches a long demo sends.
    private static readonly TimeSpan IdempotencyTtl = TimeSpan.FromMinutes(30);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<Guid, (IReadOnlyList<string> Ids, DateTimeOffset Expires)> _answered = [];
    private readonly List<Task> _playing = [];
    private readonly Lock _lock = new();
    private readonly Random _random = new(options.Seed);
    private long _calls;

    public Task<EmailSendOutcome> SendAsync(EmailBatch batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = BatchIdempotencyKey.For(batch.BatchId);
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            if (_answered.TryGetValue(key, out var known) && known.Expires > now)
            {
                return Task.FromResult<EmailSendOutcome>(new EmailSendOutcome.Accepted(known.Ids));
            }

            ForgetExpiredKeys(now);

            var call = ++_calls;
            if (options.RateLimitEveryNthCall > 0 && call % options.RateLimitEveryNthCall == 0)
            {
                return Task.FromResult<EmailSendOutcome>(new EmailSendOutcome.RateLimited(options.RateLimitDelay));
            }

            // Brevo refuses the whole call for one malformed address; so does the sandbox, so the
            // demo shows the same failure path as production.
            if (batch.Versions.SelectMany(v => v.To).Any(a => !LooksLikeAnAddress(a.Email)))
            {
                return Task.FromResult<EmailSendOutcome>(new EmailSendOutcome.Rejected("invalid_parameter", "email is not valid in to"));
            }

            var ids = batch.Versions.Select(_ => NewMessageId()).ToList();
            _answered[key] = (ids, now + IdempotencyTtl);
            var script = Script(batch, ids);
            _playing.RemoveAll(t => t.IsCompleted);
            _playing.Add(Task.Run(() => PlayAsync(script, _stopping.Token)));
            return Task.FromResult<EmailSendOutcome>(new EmailSendOutcome.Accepted(ids));
        }
    }

    /// <summary>Waits until every event scheduled so far has been handled (for tests and shutdown).</summary>
    public async Task DrainAsync()
    {
        Task[] playing;
        lock (_lock)
        {
            playing = [.. _playing];
        }

        await Task.WhenAll(playing);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await DrainAsync();
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
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

    // Decided under the lock (the Random is not thread-safe), played outside it.
    private List<(TimeSpan Due, Dictionary<string, object?> Payload)> Script(EmailBatch batch, IReadOnlyList<string> messageIds)
    {
        var custom = new MailinCustom(batch.CampaignId, batch.BatchId).Format();
        var script = new List<(TimeSpan, Dictionary<string, object?>)>();
        for (var i = 0; i < batch.Versions.Count; i++)
        {
            var version = batch.Versions[i];
            foreach (var recipient in version.To)
            {
                var spread = options.EventSpread.Ticks;
                var delivered = TimeSpan.FromTicks((long)(_random.NextDouble() * spread / 2));
                script.Add((TimeSpan.Zero, Payload(BrevoEventKind.Request, recipient.Email, messageIds[i], custom, version.Subject ?? batch.Subject)));
                var bounces = recipient.Email.StartsWith("bounce", StringComparison.OrdinalIgnoreCase) || _random.NextDouble() < options.BounceRate;
                if (bounces)
                {
                    script.Add((delivered, Payload(BrevoEventKind.HardBounce, recipient.Email, messageIds[i], custom, version.Subject ?? batch.Subject, "550 5.1.1 Adresse inconnue (sandbox)")));
                    continue;
                }

                script.Add((delivered, Payload(BrevoEventKind.Delivered, recipient.Email, messageIds[i], custom, version.Subject ?? batch.Subject)));
                if (_random.NextDouble() < options.OpenRate)
                {
                    var opened = delivered + TimeSpan.FromTicks((long)(_random.NextDouble() * spread / 2));
                    script.Add((opened, Payload(BrevoEventKind.UniqueOpened, recipient.Email, messageIds[i], custom, version.Subject ?? batch.Subject)));
                }
            }
        }

        script.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return script;
    }

    private static Dictionary<string, object?> Payload(BrevoEventKind kind, string email, string messageId, string custom, string subject, string? reason = null)
    {
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
        };
        return payload;
    }

    private async Task PlayAsync(List<(TimeSpan Due, Dictionary<string, object?> Payload)> script, CancellationToken stopping)
    {
        var start = timeProvider.GetTimestamp();
        foreach (var (due, payload) in script)
        {
            var wait = due - timeProvider.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, stopping);
            }

            // Stamped when played, like Brevo stamps an event when it happens.
            var now = timeProvider.GetUtcNow();
            payload["ts_event"] = now.ToUnixTimeSeconds();
            payload["ts_epoch"] = now.ToUnixTimeMilliseconds();
            var json = JsonSerializer.SerializeToElement(payload);
            var emailEvent = BrevoWebhookEvent.Parse(json, out var refusal)
                ?? throw new InvalidOperationException($"The sandbox wrote a payload Brevo would not: {refusal}");
            try
            {
                await events.HandleAsync(emailEvent, stopping);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One failed event must not stop the others of the batch, as with real webhooks.
                logger.LogWarning(exception, "Événement sandbox {Event} non appliqué", json.GetProperty("event").GetString());
            }
        }
    }
}
