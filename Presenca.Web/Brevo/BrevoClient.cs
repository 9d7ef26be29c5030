using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Contacts;

namespace Presenca.Web.Brevo;

/// <summary>
/// Brevo's API v3, the one client both features use: campaign sending (POST /v3/smtp/email, one
/// batch in, one <see cref="EmailSendOutcome"/> out) and "Tester la connexion" (GET /v3/account,
/// in BrevoClient.Account.cs).
/// </summary>
/// <remarks>
/// A typed <see cref="HttpClient"/> registered once (<see cref="BrevoServices"/>), its base address
/// and timeout from <see cref="BrevoOptions"/>. The API key is passed per call, not configured on
/// the client, because every connexion has its own key and the client is shared. It never retries
/// itself: retrying is the pipeline's decision (it knows about leases, pause and the shared rate
/// limiter), and the deterministic idempotency key makes its retries safe.
/// </remarks>
public sealed partial class BrevoClient(HttpClient http)
{
    /// <summary>How messages name the provider.</summary>
    public const string Name = "Brevo";

    private const string SendPath = "v3/smtp/email";

    /// <summary>Used when a 429 carries neither Retry-After nor x-sib-ratelimit-reset.</summary>
    public static readonly TimeSpan DefaultRateLimitDelay = TimeSpan.FromSeconds(10);

    /// <summary>POST /v3/smtp/email: one batch of message versions, under its idempotency key.</summary>
    public async Task<EmailSendOutcome> SendAsync(string apiKey, EmailBatch batch, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, SendPath, apiKey);
        request.Content = JsonContent.Create(ToBody(batch), options: BrevoJson.Options);

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return await ClassifyAsync(response, batch.Versions.Count, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation that nobody asked for.
            return new EmailSendOutcome.Transient("Brevo n'a pas répondu à temps.");
        }
        catch (HttpRequestException exception)
        {
            return new EmailSendOutcome.Transient($"Brevo injoignable ({exception.HttpRequestError}).");
        }
    }

    internal static BrevoSendEmailBody ToBody(EmailBatch batch)
    {
        var headers = new Dictionary<string, string>
        {
            [BrevoHeaders.IdempotencyKey] = BatchIdempotencyKey.For(batch.BatchId).ToString("D"),
            [BrevoHeaders.MailinCustom] = new MailinCustom(batch.CampaignId, batch.BatchId).Format(),
        };
        if (batch.SandboxDrop)
        {
            headers[BrevoHeaders.Sandbox] = BrevoHeaders.SandboxDrop;
        }

        // Brevo takes internationalised domains in punycode (xn--); Presenca stores them in Unicode.
        return new BrevoSendEmailBody(
            new BrevoAddress(ContactText.AsciiAddress(batch.Sender.Email), batch.Sender.Name),
            batch.Subject,
            batch.HtmlContent,
            batch.TextContent,
            batch.Versions
                .Select(v => new BrevoMessageVersion(
                    v.To.Select(a => new BrevoAddress(ContactText.AsciiAddress(a.Email), a.Name)).ToList(),
                    v.Params,
                    v.Subject,
                    v.HtmlContent,
                    v.TextContent,
                    v.Headers))
                .ToList(),
            headers);
    }

    private static async Task<EmailSendOutcome> ClassifyAsync(HttpResponseMessage response, int versionCount, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var answer = await ReadAsync<BrevoSendEmailAnswer>(response, cancellationToken);
            var ids = answer?.MessageIds ?? (answer?.MessageId is { } single ? [single] : []);
            return ids.Count == versionCount
                ? new EmailSendOutcome.Accepted(ids)
                // Without one id per version the pipeline cannot tell which recipient got which
                // email; Brevo took the call, so a retry with the same idempotency key is safe.
                : new EmailSendOutcome.Transient($"Brevo a répondu {status} avec {ids.Count} identifiants pour {versionCount} versions.");
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new EmailSendOutcome.RateLimited(RetryDelay(response));
        }

        if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            return new EmailSendOutcome.Transient($"Brevo a répondu {status}.");
        }

        var error = await ReadAsync<BrevoError>(response, cancellationToken);
        var message = error?.Message ?? response.ReasonPhrase ?? status.ToString(CultureInfo.InvariantCulture);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new EmailSendOutcome.Unauthorized(message),
            HttpStatusCode.PaymentRequired => new EmailSendOutcome.PaymentRequired(message),
            _ => new EmailSendOutcome.Rejected(error?.Code ?? $"http_{status}", message),
        };
    }

    /// <summary>Every call: the connexion's key in Brevo's <c>api-key</c> header, JSON answers.</summary>
    private static HttpRequestMessage Request(HttpMethod method, string path, string apiKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("api-key", apiKey);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    /// <summary>How long a 429 asks to wait, <see cref="DefaultRateLimitDelay"/> when it does not say.</summary>
    internal static TimeSpan RetryDelay(HttpResponseMessage response) => RetryAfter(response) ?? DefaultRateLimitDelay;

    /// <summary>
    /// Retry-After (seconds or date) first, then Brevo's x-sib-ratelimit-reset (seconds); null when
    /// the answer carries neither. Sending and the account test both read a 429 this way.
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        if (response.Headers.TryGetValues("x-sib-ratelimit-reset", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(BrevoJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            // No or non-JSON content type (an HTML error page from a proxy).
            return null;
        }
    }
}
