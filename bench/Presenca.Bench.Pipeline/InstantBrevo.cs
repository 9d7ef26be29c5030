using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Presenca.Bench.Pipeline;

/// <summary>
/// A Brevo that answers at once: one message id per version, idempotency keys honoured (a key
/// seen before gets its ids back and delivers nothing), deliveries and addresses delivered twice counted. Reads only what it
/// needs from the body, so the fake costs the machine as little as possible.
/// </summary>
public sealed class InstantBrevo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, string[]> _keys = [];
    private readonly HashSet<string> _recipients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private long _delivered;
    private long _duplicateKeys;
    private long _duplicateRecipients;
    private long _calls;
    private long _ids;
    private long _firstCallTicks;

    private InstantBrevo(WebApplication app) => _app = app;

    public Uri BaseUrl => new(_app.Urls.Single());

    public long Delivered => Interlocked.Read(ref _delivered);

    public long DuplicateKeys => Interlocked.Read(ref _duplicateKeys);

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Deliveries to an address already delivered to (under another idempotency key): someone sent twice.</summary>
    public long DuplicateRecipients => Interlocked.Read(ref _duplicateRecipients);

    /// <summary>When the first batch reached this Brevo (UTC), null before.</summary>
    public DateTimeOffset? FirstCallAt => Interlocked.Read(ref _firstCallTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public static async Task<InstantBrevo> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 64 * 1024 * 1024);
        var app = builder.Build();
        InstantBrevo? brevo = null;
        app.MapPost("/v3/smtp/email", (Delegate)((HttpContext context) => brevo!.SendAsync(context)));
        await app.StartAsync();
        brevo = new InstantBrevo(app);
        await brevo.WarmUpAsync();
        return brevo;
    }

    private async Task<IResult> SendAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.CompareExchange(ref _firstCallTicks, DateTimeOffset.UtcNow.UtcTicks, 0);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var versions = body.RootElement.GetProperty("messageVersions");
        var key = body.RootElement.TryGetProperty("headers", out var headers) && headers.TryGetProperty("idempotencyKey", out var k) ? k.GetString() : null;
        lock (_lock)
        {
            if (key is not null && _keys.TryGetValue(key, out var known))
            {
                _duplicateKeys++;
                return Results.Json(new { messageIds = known }, statusCode: 201);
            }

            var ids = new string[versions.GetArrayLength()];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = $"<{++_ids}@instant.bench>";
            }

            _delivered += ids.Length;
            foreach (var version in versions.EnumerateArray())
            {
                foreach (var to in version.GetProperty("to").EnumerateArray())
                {
                    if (!_recipients.Add(to.GetProperty("email").GetString()!))
                    {
                        _duplicateRecipients++;
                    }
                }
            }

            if (key is not null)
            {
                _keys[key] = ids;
            }

            return Results.Json(new { messageIds = ids }, statusCode: 201);
        }
    }

    // The real Brevo is warm: one call compiles the fake's own request path before the clock runs
    // (its first answer would otherwise count as the pipeline's time), then is forgotten.
    private async Task WarmUpAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        using var answer = await http.PostAsync("/v3/smtp/email", new StringContent("""{"messageVersions":[{"to":[{"email":"a@b.c"}]}]}""", System.Text.Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();
        lock (_lock)
        {
            _delivered = 0;
            _recipients.Clear();
            _calls = 0;
            _ids = 0;
            _firstCallTicks = 0;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
