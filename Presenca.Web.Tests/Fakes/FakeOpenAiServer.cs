using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Presenca.Web.Tests.Fakes;

/// <summary>How the fake answers POST /v1/chat/completions.</summary>
public enum FakeOpenAiMode
{
    /// <summary>Streams <see cref="FakeOpenAiServer.Completion"/>, finish_reason stop, then the usage chunk when asked for.</summary>
    Success,

    /// <summary>401 invalid_api_key, as for a revoked key.</summary>
    Unauthorized,

    /// <summary>429 rate_limit_exceeded with Retry-After: 42.</summary>
    RateLimited,

    /// <summary>500 server_error.</summary>
    ServerError,

    /// <summary>Accepts the request and says nothing for 30 s.</summary>
    Silent,

    /// <summary>Streams a refusal (delta.refusal) instead of content, with usage.</summary>
    Refusal,

    /// <summary>Streams part of the text, then finish_reason content_filter, with usage.</summary>
    ContentFilter,

    /// <summary>Streams part of the text, then drops the connection: no finish, no usage.</summary>
    CutMidway,
}

/// <summary>
/// OpenAI's chat completions as seen over HTTP on 127.0.0.1: POST /v1/chat/completions with
/// server-sent events (<c>stream: true</c>; the usage chunk only when
/// <c>stream_options.include_usage</c> is true, as OpenAI does), GET /v1/models, the Bearer key
/// checked, every request body recorded, and the failures real OpenAI has.
/// <see cref="ChunkDelay"/> streams slowly on purpose, so a browser can see tokens arrive.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string ValidApiKey = "sk-fake-openai-0123456789abcdef";

    public const string DefaultCompletion = """
        Objet : Portes ouvertes le 12 juin
        Variante : {{organisation}}, venez nous voir le 12 juin
        Variante : Une journée pour se rencontrer
        ---
        <p>Bonjour {{organisation}},</p>
        <p>Nous vous invitons à nos <strong>portes ouvertes</strong> le 12 juin, de 9 h à 18 h.</p>
        <p>Cette invitation a été envoyée à {{email}}.</p>
        """;

    private readonly LoopbackHttpServer _server;
    private int _abortedStreams;

    private FakeOpenAiServer(LoopbackHttpServer server) => _server = server;

    public Uri BaseAddress => _server.BaseAddress;

    public FakeOpenAiMode Mode { get; set; } = FakeOpenAiMode.Success;

    /// <summary>The text streamed in <see cref="FakeOpenAiMode.Success"/>.</summary>
    public string Completion { get; set; } = DefaultCompletion;

    /// <summary>Characters per content chunk.</summary>
    public int ChunkSize { get; set; } = 24;

    /// <summary>Pause before each content chunk.</summary>
    public TimeSpan ChunkDelay { get; set; }

    public int PromptTokens { get; set; } = 400;

    public int CompletionTokens { get; set; } = 120;

    /// <summary>Every body POSTed to /v1/chat/completions, as received.</summary>
    public ConcurrentQueue<string> RequestBodies { get; } = new();

    /// <summary>Streams whose client went away before the end (a cancelled draft).</summary>
    public int AbortedStreams => Volatile.Read(ref _abortedStreams);

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        FakeOpenAiServer? self = null;
        var server = await LoopbackHttpServer.StartAsync(endpoints =>
        {
            endpoints.MapGet("/v1/models", (HttpContext http) => self!.ModelsAsync(http));
            endpoints.MapPost("/v1/chat/completions", (HttpContext http) => self!.CompleteAsync(http));
        });
        self = new FakeOpenAiServer(server);
        return self;
    }

    private static bool Authorised(HttpContext http) => http.Request.Headers.Authorization.ToString() == "Bearer " + ValidApiKey;

    private async Task ModelsAsync(HttpContext http)
    {
        if (!Authorised(http) || Mode == FakeOpenAiMode.Unauthorized)
        {
            await ErrorAsync(http, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
            return;
        }

        await http.Response.WriteAsync("""{"object":"list","data":[{"id":"gpt-4o-mini","object":"model"},{"id":"gpt-4o","object":"model"}]}""");
    }

    private async Task CompleteAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        RequestBodies.Enqueue(body);
        if (!Authorised(http) || Mode == FakeOpenAiMode.Unauthorized)
        {
            await ErrorAsync(http, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
            return;
        }

        switch (Mode)
        {
            case FakeOpenAiMode.RateLimited:
                http.Response.Headers.RetryAfter = "42";
                await ErrorAsync(http, 429, "requests", "rate_limit_exceeded", "Rate limit reached for requests.");
                return;
            case FakeOpenAiMode.ServerError:
                await ErrorAsync(http, 500, "server_error", null, "The server had an error while processing your request.");
                return;
            case FakeOpenAiMode.Silent:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
        }

        using var request = JsonDocument.Parse(body);
        var model = request.RootElement.GetProperty("model").GetString();
        var includeUsage = request.RootElement.TryGetProperty("stream_options", out var options)
            && options.TryGetProperty("include_usage", out var include) && include.GetBoolean();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        using var aborted = http.RequestAborted.Register(() => Interlocked.Increment(ref _abortedStreams));
        try
        {
            await StreamAsync(http, model, includeUsage);
        }
        catch (OperationCanceledException)
        {
            // The client went away: counted above.
        }
    }

    private async Task StreamAsync(HttpContext http, string? model, bool includeUsage)
    {
        var cancel = http.RequestAborted;
        await EventAsync(http, Chunk(model, new { role = "assistant", content = "" }, null));
        if (Mode == FakeOpenAiMode.Refusal)
        {
            await EventAsync(http, Chunk(model, new { refusal = "Je ne peux pas rédiger ce contenu." }, null));
            await FinishAsync(http, model, "stop", includeUsage);
            return;
        }

        var text = Completion;
        var end = Mode is FakeOpenAiMode.ContentFilter or FakeOpenAiMode.CutMidway ? text.Length / 2 : text.Length;
        for (var position = 0; position < end; position += ChunkSize)
        {
            if (ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(ChunkDelay, cancel);
            }

            await EventAsync(http, Chunk(model, new { content = text[position..Math.Min(end, position + ChunkSize)] }, null));
        }

        switch (Mode)
        {
            case FakeOpenAiMode.CutMidway:
                http.Abort();
                return;
            case FakeOpenAiMode.ContentFilter:
                await FinishAsync(http, model, "content_filter", includeUsage);
                return;
            default:
                await FinishAsync(http, model, "stop", includeUsage);
                return;
        }
    }

    private async Task FinishAsync(HttpContext http, string? model, string reason, bool includeUsage)
    {
        await EventAsync(http, Chunk(model, new { }, reason));
        if (includeUsage)
        {
            await EventAsync(http, JsonSerializer.Serialize(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion.chunk",
                created = 1_764_000_000,
                model,
                choices = Array.Empty<object>(),
                usage = new { prompt_tokens = PromptTokens, completion_tokens = CompletionTokens, total_tokens = PromptTokens + CompletionTokens },
            }));
        }

        await http.Response.WriteAsync("data: [DONE]\n\n");
        await http.Response.Body.FlushAsync();
    }

    private static string Chunk(string? model, object delta, string? finishReason) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_764_000_000,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    });

    private static async Task EventAsync(HttpContext http, string json)
    {
        await http.Response.WriteAsync("data: " + json + "\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static async Task ErrorAsync(HttpContext http, int status, string type, string? code, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { error = new { message, type, param = (string?)null, code } });
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
