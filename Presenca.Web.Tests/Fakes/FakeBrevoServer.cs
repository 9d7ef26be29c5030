using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Presenca.Web.Tests.Fakes;

/// <summary>What the fake answers instead of doing its job, when told to.</summary>
public enum FakeBrevoFailure
{
    /// <summary>500, nothing processed.</summary>
    ServerError,

    /// <summary>429 with x-sib-ratelimit-* headers (and Retry-After unless turned off).</summary>
    RateLimited,

    /// <summary>401 as for a revoked key.</summary>
    Unauthorized,

    /// <summary>402 as for an account out of credits.</summary>
    PaymentRequired,
}

/// <summary>
/// One email the fake "sent": one recipient of one accepted version, with the email headers it
/// carried (the call's <c>headers</c>, then its version's own) and its HTML and text parts.
/// </summary>
public sealed record FakeBrevoDelivery(
    string Recipient, string? MailinCustom, string MessageId, string? IdempotencyKey, string? Subject,
    IReadOnlyDictionary<string, string>? Headers = null, string? Html = null, string? Text = null);

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that speaks the part of Brevo's API v3 Presenca
/// uses: POST /v3/smtp/email (plain and messageVersions) and GET /v3/account. It checks the
/// <c>api-key</c> header, validates bodies like Brevo (400 <c>invalid_parameter</c> /
/// <c>missing_parameter</c>), honours idempotency keys (a repeated key returns the same message
/// ids and delivers nothing again), records every delivery so tests can count duplicates, and
/// fails on demand: for the next n calls or for a period, with 500, 429, 401 or 402, and answers
/// slowly when told to.
/// </summary>
/// <remarks>
/// A slow answer is given after the batch has been processed: that is the case idempotency
/// exists for (the client gave up waiting, the emails went anyway, the retry must not send
/// them twice).
/// </remarks>
public sealed partial class FakeBrevoServer : IAsyncDisposable
{
    public const string ValidApiKey = "xkeysib-fake-0123456789abcdef";

    private readonly LoopbackHttpServer _server;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _apiKeys = [ValidApiKey];
    private readonly List<FakeBrevoDelivery> _deliveries = [];
    private readonly List<FakeBrevoDelivery> _dropped = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _idempotency = [];
    private readonly Queue<FakeBrevoFailure> _nextFailures = new();
    private (FakeBrevoFailure Failure, DateTimeOffset Until)? _failurePeriod;
    private long _messageCounter;
    private int _sendCalls;
    private int _accountCalls;

    private FakeBrevoServer(LoopbackHttpServer server) => _server = server;

    public Uri BaseUrl => _server.BaseAddress;

    /// <summary>Applied to every answer (after the work is done).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>x-sib-ratelimit-reset (seconds) sent with a 429.</summary>
    public int RateLimitResetSeconds { get; set; } = 2;

    /// <summary>Send Retry-After with a 429 (Brevo does not always).</summary>
    public bool SendRetryAfter { get; set; } = true;

    public int SendCalls => Volatile.Read(ref _sendCalls);

    public int AccountCalls => Volatile.Read(ref _accountCalls);

    public IReadOnlyList<FakeBrevoDelivery> Deliveries
    {
        get
        {
            lock (_lock)
            {
                return [.. _deliveries];
            }
        }
    }

    /// <summary>Accepted with <c>X-Sib-Sandbox: drop</c>: validated, answered, never delivered.</summary>
    public IReadOnlyList<FakeBrevoDelivery> Dropped
    {
        get
        {
            lock (_lock)
            {
                return [.. _dropped];
            }
        }
    }

    /// <summary>Recipients delivered more than once for the same X-Mailin-custom (i.e. campaign batch).</summary>
    public IReadOnlyList<string> DuplicateDeliveries() =>
        Deliveries
            .GroupBy(d => (Recipient: d.Recipient.ToLowerInvariant(), d.MailinCustom))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key.Recipient)
            .ToList();

    public static async Task<FakeBrevoServer> StartAsync()
    {
        FakeBrevoServer? self = null;
        var server = await LoopbackHttpServer.StartAsync(endpoints =>
        {
            endpoints.MapPost("/v3/smtp/email", (Delegate)((HttpContext context) => self!.SendAsync(context)));
            endpoints.MapGet("/v3/account", (Delegate)((HttpContext context) => self!.AccountAsync(context)));
        });
        self = new FakeBrevoServer(server);
        return self;
    }

    public void AddApiKey(string key)
    {
        lock (_lock)
        {
            _apiKeys.Add(key);
        }
    }

    public void RevokeApiKey(string key)
    {
        lock (_lock)
        {
            _apiKeys.Remove(key);
        }
    }

    /// <summary>The next <paramref name="calls"/> calls (any endpoint) fail this way.</summary>
    public void FailNext(int calls, FakeBrevoFailure failure)
    {
        lock (_lock)
        {
            for (var i = 0; i < calls; i++)
            {
                _nextFailures.Enqueue(failure);
            }
        }
    }

    /// <summary>Every call fails this way until <paramref name="period"/> has passed.</summary>
    public void FailFor(TimeSpan period, FakeBrevoFailure failure)
    {
        lock (_lock)
        {
            _failurePeriod = (failure, DateTimeOffset.UtcNow + period);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> SendAsync(HttpContext context)
    {
        Interlocked.Increment(ref _sendCalls);
        var result = await ProcessSendAsync(context);
        await DelayAsync(context);
        return result;
    }

    private async Task<IResult> AccountAsync(HttpContext context)
    {
        Interlocked.Increment(ref _accountCalls);
        var result = FailureOrUnauthorized(context) ?? Results.Json(new
        {
            email = "compte@fake-brevo.test",
            firstName = "Agence",
            lastName = "Démo",
            companyName = "Agence Démo",
            address = new { street = "1 rue de la Paix", city = "Paris", zipCode = "75002", country = "France" },
            plan = new object[] { new { type = "payAsYouGo", creditsType = "sendLimit", credits = 5000 } },
            relay = new { enabled = true, data = new { userName = "relay@fake-brevo.test", relay = "smtp-relay.brevo.com", port = 587 } },
        });
        await DelayAsync(context);
        return result;
    }

    private async Task DelayAsync(HttpContext context)
    {
        if (Latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Latency, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up; the work is done anyway, as with the real Brevo.
            }
        }
    }

    private IResult? FailureOrUnauthorized(HttpContext context)
    {
        FakeBrevoFailure? failure = null;
        lock (_lock)
        {
            if (_nextFailures.Count > 0)
            {
                failure = _nextFailures.Dequeue();
            }
            else if (_failurePeriod is { } period && DateTimeOffset.UtcNow < period.Until)
            {
                failure = period.Failure;
            }
        }

        switch (failure)
        {
            case FakeBrevoFailure.ServerError:
                return Results.Json(new { code = "internal_error", message = "Internal server error" }, statusCode: 500);
            case FakeBrevoFailure.RateLimited:
                var headers = context.Response.Headers;
                headers["x-sib-ratelimit-limit"] = "100";
                headers["x-sib-ratelimit-remaining"] = "0";
                headers["x-sib-ratelimit-reset"] = RateLimitResetSeconds.ToString(CultureInfo.InvariantCulture);
                if (SendRetryAfter)
                {
                    headers.RetryAfter = RateLimitResetSeconds.ToString(CultureInfo.InvariantCulture);
                }

                return Results.Json(new { code = "too_many_requests", message = "Too many requests" }, statusCode: 429);
            case FakeBrevoFailure.Unauthorized:
                return Unauthorized();
            case FakeBrevoFailure.PaymentRequired:
                return Results.Json(new { code = "not_enough_credits", message = "Not enough credits to send this email" }, statusCode: 402);
        }

        var key = context.Request.Headers["api-key"].ToString();
        lock (_lock)
        {
            return _apiKeys.Contains(key) ? null : Unauthorized();
        }
    }

    private static IResult Unauthorized() =>
        Results.Json(new { code = "unauthorized", message = "Key not found" }, statusCode: 401);

    private static IResult Invalid(string code, string message) =>
        Results.Json(new { code, message }, statusCode: 400);

    private async Task<IResult> ProcessSendAsync(HttpContext context)
    {
        if (FailureOrUnauthorized(context) is { } refused)
        {
            return refused;
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement;
        }
        catch (JsonException)
        {
            return Invalid("bad_request", "Input must be a valid JSON object");
        }

        if (Validate(body, out var versions, out var headers) is { } invalid)
        {
            return invalid;
        }

        headers.TryGetValue("idempotencyKey", out var idempotencyKey);
        headers.TryGetValue("X-Mailin-custom", out var mailinCustom);
        var drop = headers.TryGetValue("X-Sib-Sandbox", out var sandbox) && sandbox == "drop";
        var plain = !body.TryGetProperty("messageVersions", out _);
        var defaultSubject = String(body, "subject");

        lock (_lock)
        {
            if (idempotencyKey is not null && _idempotency.TryGetValue(idempotencyKey, out var known))
            {
                return Answer(known, plain);
            }

            var ids = new List<string>();
            foreach (var version in versions)
            {
                var messageId = string.Create(CultureInfo.InvariantCulture, $"<{DateTime.UtcNow:yyyyMMddHHmm}.{++_messageCounter}@smtp-relay.mailin.fr>");
                ids.Add(messageId);
                var subject = String(version, "subject") ?? defaultSubject;
                var emailHeaders = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
                if (!plain && version.TryGetProperty("headers", out var versionHeaders) && versionHeaders.ValueKind == JsonValueKind.Object)
                {
                    foreach (var header in versionHeaders.EnumerateObject())
                    {
                        emailHeaders[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
                    }
                }

                var html = String(version, "htmlContent") ?? String(body, "htmlContent");
                var text = String(version, "textContent") ?? String(body, "textContent");
                foreach (var recipient in version.GetProperty("to").EnumerateArray())
                {
                    var delivery = new FakeBrevoDelivery(recipient.GetProperty("email").GetString()!, mailinCustom, messageId, idempotencyKey, subject, emailHeaders, html, text);
                    (drop ? _dropped : _deliveries).Add(delivery);
                }
            }

            if (idempotencyKey is not null)
            {
                _idempotency[idempotencyKey] = ids;
            }

            return Answer(ids, plain);
        }
    }

    private static IResult Answer(IReadOnlyList<string> ids, bool plain) =>
        plain
            ? Results.Json(new { messageId = ids[0] }, statusCode: 201)
            : Results.Json(new { messageIds = ids }, statusCode: 201);

    // The checks Brevo makes that Presenca could get wrong; messages in Brevo's style.
    private static IResult? Validate(JsonElement body, out List<JsonElement> versions, out Dictionary<string, string> headers)
    {
        versions = [];
        headers = [];
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("bad_request", "Input must be a valid JSON object");
        }

        if (!body.TryGetProperty("sender", out var sender) || sender.ValueKind != JsonValueKind.Object)
        {
            return Invalid("missing_parameter", "sender is missing");
        }

        if (!IsEmail(String(sender, "email")))
        {
            return Invalid("invalid_parameter", "valid sender email required");
        }

        if (String(body, "htmlContent") is null && String(body, "textContent") is null)
        {
            return Invalid("missing_parameter", "htmlContent is missing");
        }

        if (body.TryGetProperty("messageVersions", out var messageVersions))
        {
            if (messageVersions.ValueKind != JsonValueKind.Array || messageVersions.GetArrayLength() == 0)
            {
                return Invalid("invalid_parameter", "messageVersions must be a non-empty array");
            }

            if (messageVersions.GetArrayLength() > 1000)
            {
                return Invalid("invalid_parameter", "Maximum 1000 messageVersions are allowed");
            }

            versions.AddRange(messageVersions.EnumerateArray());
        }
        else
        {
            versions.Add(body);
        }

        var total = 0;
        foreach (var version in versions)
        {
            if (!version.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
            {
                return Invalid("missing_parameter", "to is missing");
            }

            if (to.GetArrayLength() > 99)
            {
                return Invalid("invalid_parameter", "Maximum 99 recipients are allowed in to per messageVersion");
            }

            foreach (var recipient in to.EnumerateArray())
            {
                if (!IsEmail(recipient.ValueKind == JsonValueKind.Object ? String(recipient, "email") : null))
                {
                    return Invalid("invalid_parameter", "email is not valid in to");
                }
            }

            if (String(version, "subject") is null && String(body, "subject") is null)
            {
                return Invalid("missing_parameter", "subject is missing");
            }

            total += to.GetArrayLength();
        }

        if (total > 2000)
        {
            return Invalid("invalid_parameter", "Maximum 2000 recipients are allowed per request");
        }

        if (body.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headerObject.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
            }
        }

        if (headers.TryGetValue("idempotencyKey", out var key) && !Guid.TryParse(key, out _))
        {
            return Invalid("invalid_parameter", "idempotencyKey must be a valid UUID");
        }

        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static bool IsEmail(string? value) => value is not null && EmailPattern().IsMatch(value);

    [GeneratedRegex(@"^[^@\s<>(),;:""]+@[^@\s<>(),;:""]+\.[^@\s<>(),;:""]{2,}$")]
    private static partial Regex EmailPattern();
}
