using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Shell;

/// <summary>
/// What every response tells the browser (CSP, framing, sniffing, referrer), and who may open a
/// circuit: real HTTP through Kestrel, since the WebSocket check needs a real handshake.
/// </summary>
public sealed class HostingHygieneTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private const string Evil = "http://evil.example";

    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task Pages_downloads_static_files_and_errors_all_carry_the_security_headers()
    {
        var anonymous = SignedInClient.Anonymous(factory);
        var signedIn = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("page", await signedIn.GetAsync("/")),
            ("sign-in page", await anonymous.GetAsync("/connexion")),
            ("download", await signedIn.GetAsync("/contacts/export")),
            ("static file", await anonymous.GetAsync("/_content/MudBlazor/MudBlazor.min.js")),
            ("Blazor's script", await anonymous.GetAsync("/_framework/blazor.web.js")),
            ("404", await signedIn.GetAsync("/cette-page-n-existe-pas")),
            ("redirect to sign-in", await anonymous.GetAsync("/campagnes")),
            ("refused circuit", await Request(anonymous, HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", Evil)),
        };

        Assert.Equal(
            [("page", 200), ("sign-in page", 200), ("download", 200), ("static file", 200), ("Blazor's script", 200), ("404", 404), ("redirect to sign-in", 302), ("refused circuit", 403)],
            responses.Select(r => (r.What, (int)r.Response.StatusCode)));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", responses[2].Response.Content.Headers.ContentType?.MediaType);
        foreach (var (what, response) in responses)
        {
            var headers = response.Headers;
            Assert.True(headers.Contains("Content-Security-Policy"), $"{what}: no Content-Security-Policy");
            AssertPolicyIsStrict(what, string.Join(",", headers.GetValues("Content-Security-Policy")));
            Assert.Equal(["nosniff"], headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["DENY"], headers.GetValues("X-Frame-Options"));
            Assert.Contains(Single(headers, "Referrer-Policy"), new[] { "same-origin", "strict-origin", "no-referrer", "strict-origin-when-cross-origin" });
        }
    }

    [Fact]
    public async Task A_circuit_websocket_from_a_foreign_origin_is_refused_with_403()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", Evil);
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketAddress("/_blazor"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_circuit_websocket_from_this_site_is_accepted()
    {
        var (_, cookies) = await SignInWithCookiesAsync();
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.SetRequestHeader("Origin", _app.GetLeftPart(UriPartial.Authority));
        socket.Options.CollectHttpResponseDetails = true;

        await socket.ConnectAsync(WebSocketAddress("/_blazor"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    [Theory]
    [InlineData(Evil)]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("https://127.0.0.1")]
    public async Task The_circuit_negotiation_of_a_signed_in_user_is_refused_to_other_origins(string origin)
    {
        var (client, _) = await SignInWithCookiesAsync();

        var response = await Request(client, HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_circuit_negotiation_from_this_site_or_without_an_origin_is_not_refused(bool sameOrigin)
    {
        var (client, _) = await SignInWithCookiesAsync();

        var response = await Request(client, HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", sameOrigin ? _app.GetLeftPart(UriPartial.Authority) : null);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("connectionToken", body);
    }

    [Fact]
    public void Detailed_circuit_errors_stay_off_outside_development()
    {
        var options = factory.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.False(options.DetailedErrors);
        Assert.Equal(TimeSpan.FromMinutes(3), options.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), options.JSInteropDefaultCallTimeout);
    }

    private static void AssertPolicyIsStrict(string what, string policy)
    {
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d.Skip(1).ToArray());
        Assert.True(directives.TryGetValue("script-src", out var scripts), $"{what}: no script-src in {policy}");
        Assert.Equal(["'self'"], scripts);
        Assert.Equal(["'self'"], directives["default-src"]);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal(["'self'"], directives["base-uri"]);
        Assert.Equal(["'self'"], directives["form-action"]);
        Assert.Equal("'self'", directives["connect-src"][0]);
        Assert.All(directives["connect-src"].Skip(1), source => Assert.Matches(@"^wss?://(127\.0\.0\.1|localhost)(:\d+)?$", source));
        Assert.DoesNotContain("'unsafe-eval'", policy);
        Assert.All(directives.Where(d => d.Key != "style-src"), d => Assert.DoesNotContain("'unsafe-inline'", d.Value));
    }

    /// <summary>A signed-in client whose cookies a WebSocket can carry too.</summary>
    private async Task<(HttpClient Client, CookieContainer Cookies)> SignInWithCookiesAsync()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = _app };
        var response = await SignedInClient.PostLoginAsync(client, DemoAccounts.Collaborateur.Email, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, cookies);
    }

    private static string Single(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        Assert.Single(headers.GetValues(name));

    private static async Task<HttpResponseMessage> Request(HttpClient client, HttpMethod method, string path, string? origin)
    {
        using var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return await client.SendAsync(request);
    }

    private Uri WebSocketAddress(string path) => new UriBuilder(new Uri(_app, path)) { Scheme = "ws" }.Uri;
}
