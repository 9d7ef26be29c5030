using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Presenca.Web.Tests.Fakes;

namespace Presenca.Web.Tests.Connexions;

/// <summary>
/// Brevo, OpenAI, Instagram Graph and Zoho Mail as seen over HTTP, on 127.0.0.1: each speaks the
/// provider's path, auth header and JSON, and <see cref="Mode"/> makes all of them fail the way
/// real providers do (401, 429 with Retry-After, 500, broken JSON, silence).
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    private FakeProviders(LoopbackHttpServer server) => _server = server;

    public enum Behaviour
    {
        Success,
        Unauthorized,
        RateLimited,
        ServerError,
        Malformed,
        Silent,

        /// <summary>Meta's Graph answer to an invalid or expired token: HTTP 400, OAuthException 190.</summary>
        GraphTokenRejected,
    }

    public Uri BaseAddress => _server.BaseAddress;

    public Behaviour Mode { get; set; } = Behaviour.Success;

    /// <summary>The credentials the app presented, as received (to prove the stored key is the one sent).</summary>
    public ConcurrentQueue<string> Credentials { get; } = new();

    /// <summary>
    /// What debug_token says of every token: <c>expires_at</c> in Unix seconds (0 = never; null =
    /// 60 days from the call, like a fresh long-lived token) and <c>is_valid</c>.
    /// </summary>
    public long? TokenExpiresAt { get; set; }

    public bool TokenValid { get; set; } = true;

    /// <summary>How debug_token alone answers (null: like every other endpoint, <see cref="Mode"/>).</summary>
    public Behaviour? DebugTokenMode { get; set; }

    /// <summary>Each debug_token call as received: the full query string and the Authorization header.</summary>
    public ConcurrentQueue<(string Query, string Authorization)> DebugTokenCalls { get; } = new();

    public static async Task<FakeProviders> StartAsync()
    {
        FakeProviders? self = null;
        var server = await LoopbackHttpServer.StartAsync(endpoints =>
        {
            endpoints.MapGet("/v3/account", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers["api-key"].ToString(),
                """{"email":"compte@reseau-demo.fr","firstName":"Denis","lastName":"Directeur","companyName":"Réseau Démo","plan":[{"type":"free","creditsType":"sendLimit","credits":300}]}"""));
            endpoints.MapGet("/v1/models", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers.Authorization.ToString(),
                """{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","owned_by":"openai"},{"id":"gpt-4o","object":"model","owned_by":"openai"},{"id":"text-embedding-3-small","object":"model","owned_by":"openai"}]}"""));
            endpoints.MapGet("/me", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers.Authorization.ToString(),
                """{"user_id":"17841400000000001","username":"agence.demo","account_type":"Business","id":"17841400000000001"}"""));
            endpoints.MapGet("/api/accounts", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers.Authorization.ToString(),
                """{"status":{"code":200,"description":"success"},"data":[{"accountId":"123456","accountDisplayName":"Réseau Démo","displayName":"Denis Directeur","primaryEmailAddress":"denis@reseau-demo.fr"}]}"""));
            endpoints.MapGet("/debug_token", (HttpContext http) => self!.DebugTokenAsync(http));
        });
        self = new FakeProviders(server);
        return self;
    }

    /// <summary>
    /// Meta's GET /debug_token?input_token=...: the caller authenticates with an app token (or a
    /// user token of the same app), in the Authorization header or an access_token parameter;
    /// missing either answers 400 with a Graph error, as Meta does. An invalid token still gets
    /// 200, with is_valid false and an error object inside data.
    /// </summary>
    private Task DebugTokenAsync(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        DebugTokenCalls.Enqueue((http.Request.QueryString.Value ?? "", authorization));
        var inputToken = http.Request.Query["input_token"].ToString();
        if (inputToken.Length == 0)
        {
            return GraphErrorAsync(http, 100, "(#100) The parameter input_token is required");
        }

        if (authorization.Length == 0 && !http.Request.Query.ContainsKey("access_token"))
        {
            return GraphErrorAsync(http, 104, "An access token is required to request this resource.");
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expiresAt = TokenExpiresAt ?? now + (60 * 24 * 3600);
        var data = TokenValid
            ? $$"""{"app_id":"1234567890123456","type":"USER","application":"Presenca","data_access_expires_at":{{now + (90 * 24 * 3600)}},"expires_at":{{expiresAt}},"is_valid":true,"issued_at":{{now - 3600}},"scopes":["instagram_business_basic","instagram_business_manage_insights"],"user_id":"17841400000000001"}"""
            : $$"""{"app_id":"1234567890123456","type":"USER","application":"Presenca","error":{"code":190,"message":"Error validating access token: The session has been invalidated because the user changed their password.","subcode":460},"expires_at":{{expiresAt}},"is_valid":false,"scopes":[],"user_id":"17841400000000001"}""";
        return AnswerAsync(http, authorization, $$"""{"data":{{data}}}""", DebugTokenMode);
    }

    private static async Task GraphErrorAsync(HttpContext http, int code, string message)
    {
        http.Response.StatusCode = 400;
        await http.Response.WriteAsJsonAsync(new { error = new { message, type = "OAuthException", code, fbtrace_id = "AbCdEfGh" } });
    }

    private async Task AnswerAsync(HttpContext http, string credential, string successJson, Behaviour? mode = null)
    {
        Credentials.Enqueue(credential);
        var response = http.Response;
        switch (mode ?? Mode)
        {
            case Behaviour.Unauthorized:
                response.StatusCode = 401;
                await response.WriteAsJsonAsync(new { code = "unauthorized", message = "Key not found" });
                break;
            case Behaviour.RateLimited:
                response.StatusCode = 429;
                response.Headers.RetryAfter = "42";
                await response.WriteAsJsonAsync(new { code = "too_many_requests", message = "Rate limit exceeded" });
                break;
            case Behaviour.ServerError:
                response.StatusCode = 500;
                await response.WriteAsync("Internal Server Error");
                break;
            case Behaviour.Malformed:
                response.ContentType = "application/json";
                await response.WriteAsync("{\"email\": \"compte@");
                break;
            case Behaviour.GraphTokenRejected:
                await GraphErrorAsync(http, 190, "Error validating access token: Session has expired on Friday, 20-Nov-26 10:00:00 PST.");
                break;
            case Behaviour.Silent:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The app gave up, as it should.
                }

                break;
            default:
                response.ContentType = "application/json";
                await response.WriteAsync(successJson);
                break;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
