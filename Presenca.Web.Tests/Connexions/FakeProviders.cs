using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Presenca.Web.Tests.Connexions;

/// <summary>
/// Brevo, OpenAI, Instagram Graph and Zoho Mail as seen over HTTP, on 127.0.0.1: each speaks the
/// provider's path, auth header and JSON, and <see cref="Mode"/> makes all of them fail the way
/// real providers do (401, 429 with Retry-After, 500, broken JSON, silence).
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeProviders(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public enum Behaviour
    {
        Success,
        Unauthorized,
        RateLimited,
        ServerError,
        Malformed,
        Silent,
    }

    public Uri BaseAddress { get; }

    public Behaviour Mode { get; set; } = Behaviour.Success;

    /// <summary>The credentials the app presented, as received (to prove the stored key is the one sent).</summary>
    public ConcurrentQueue<string> Credentials { get; } = new();

    public static async Task<FakeProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeProviders? self = null;
        app.MapGet("/v3/account", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers["api-key"].ToString(),
            """{"email":"compte@reseau-demo.fr","firstName":"Denis","lastName":"Directeur","companyName":"Réseau Démo","plan":[{"type":"free","creditsType":"sendLimit","credits":300}]}"""));
        app.MapGet("/v1/models", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers.Authorization.ToString(),
            """{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","owned_by":"openai"},{"id":"gpt-4o","object":"model","owned_by":"openai"},{"id":"text-embedding-3-small","object":"model","owned_by":"openai"}]}"""));
        app.MapGet("/me", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers.Authorization.ToString(),
            """{"user_id":"17841400000000001","username":"agence.demo","account_type":"Business","id":"17841400000000001"}"""));
        app.MapGet("/api/accounts", (HttpContext http) => self!.AnswerAsync(http, http.Request.Headers.Authorization.ToString(),
            """{"status":{"code":200,"description":"success"},"data":[{"accountId":"123456","accountDisplayName":"Réseau Démo","displayName":"Denis Directeur","primaryEmailAddress":"denis@reseau-demo.fr"}]}"""));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeProviders(app, new Uri(address));
        return self;
    }

    private async Task AnswerAsync(HttpContext http, string credential, string successJson)
    {
        Credentials.Enqueue(credential);
        var response = http.Response;
        switch (Mode)
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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
