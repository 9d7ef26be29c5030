using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Presenca.Web.Tests.Fakes;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>The fake's own promises that other tests (connexions, pipeline) rely on.</summary>
public sealed class FakeBrevoServerTests : IAsyncLifetime
{
    private FakeBrevoServer _brevo = null!;

    public async Task InitializeAsync() => _brevo = await FakeBrevoServer.StartAsync();

    public async Task DisposeAsync() => await _brevo.DisposeAsync();

    [Fact]
    public async Task Account_answers_the_right_key_and_refuses_a_wrong_one()
    {
        using var http = new HttpClient { BaseAddress = _brevo.BaseUrl };

        using var good = new HttpRequestMessage(HttpMethod.Get, "/v3/account") { Headers = { { "api-key", FakeBrevoServer.ValidApiKey } } };
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/v3/account") { Headers = { { "api-key", "xkeysib-nope" } } };
        using var goodAnswer = await http.SendAsync(good);
        using var badAnswer = await http.SendAsync(bad);

        Assert.Equal(HttpStatusCode.OK, goodAnswer.StatusCode);
        var account = await goodAnswer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("payAsYouGo", account.GetProperty("plan")[0].GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, badAnswer.StatusCode);
        Assert.Equal(2, _brevo.AccountCalls);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_from_then_on()
    {
        using var http = new HttpClient { BaseAddress = _brevo.BaseUrl };
        _brevo.RevokeApiKey(FakeBrevoServer.ValidApiKey);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/account") { Headers = { { "api-key", FakeBrevoServer.ValidApiKey } } };
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task Rate_limited_answer_carries_Brevo_rate_limit_headers()
    {
        using var http = new HttpClient { BaseAddress = _brevo.BaseUrl };
        _brevo.FailNext(1, FakeBrevoFailure.RateLimited);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/account") { Headers = { { "api-key", FakeBrevoServer.ValidApiKey } } };
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        Assert.Equal("0", answer.Headers.GetValues("x-sib-ratelimit-remaining").Single());
        Assert.True(answer.Headers.Contains("x-sib-ratelimit-reset"));
        Assert.NotNull(answer.Headers.RetryAfter);
    }
}
