using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions.Providers;

/// <summary>
/// Instagram's Graph API (base address: Presenca:Instagram:BaseUrl), and Meta's token inspection
/// (Presenca:Instagram:TokenDebugBaseUrl).
/// </summary>
public sealed class InstagramClient(HttpClient http, InstagramTokenDebugAddress tokenDebug)
{
    public const string Name = "Instagram";

    /// <summary>
    /// GET /me: the professional account behind the token. The token travels in the Authorization
    /// header, not in the query string, so it never appears in a logged URL.
    /// </summary>
    public Task<ProviderResponse<InstagramMe>> GetMeAsync(string accessToken, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "me?fields=user_id,username,account_type");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return ProviderCall.GetJsonAsync<InstagramMe>(http, request, Name, timeout, cancellationToken);
    }

    /// <summary>
    /// GET /debug_token: whether Meta still honours the token, and until when (/me does not say).
    /// The inspected token must be in the query (<c>input_token</c>): IHttpClientFactory's logs
    /// replace every query string with "*" (.NET 9 and later), which a test holds to. The app token
    /// that authorises the call goes in the Authorization header, never in the query.
    /// </summary>
    public async Task<ProviderResponse<InstagramToken>> DebugTokenAsync(string accessToken, string appToken, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(tokenDebug.BaseAddress, "debug_token?input_token=" + Uri.EscapeDataString(accessToken)));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
        var response = await ProviderCall.GetJsonAsync<InstagramTokenDebug>(http, request, Name, timeout, cancellationToken);
        return response.Value switch
        {
            null => ProviderResponse<InstagramToken>.Fail(response.Status, response.Error!),
            { Data: { IsValid: { } valid, ExpiresAt: { } expiresAt } } => ProviderResponse<InstagramToken>.Ok(new(valid,
                expiresAt == 0 ? InstagramConnexion.TokenNeverExpires : DateTimeOffset.FromUnixTimeSeconds(expiresAt))),
            // An invalid token may come without expires_at; a valid one without it is not Meta's answer.
            { Data.IsValid: false } => ProviderResponse<InstagramToken>.Ok(new(false, null)),
            _ => ProviderCall.Unreadable<InstagramToken>(Name),
        };
    }
}

/// <summary>Where Meta's <c>GET /debug_token</c> is served (graph.facebook.com).</summary>
public sealed record InstagramTokenDebugAddress(Uri BaseAddress);

public sealed record InstagramMe(
    string? Id,
    [property: JsonPropertyName("user_id")] string? UserId,
    string? Username,
    [property: JsonPropertyName("account_type")] string? AccountType);

/// <summary>debug_token's answer: <c>{"data": {"is_valid": true, "expires_at": 1767225600, ...}}</c>.</summary>
public sealed record InstagramTokenDebug(InstagramTokenData? Data);

public sealed record InstagramTokenData(
    [property: JsonPropertyName("is_valid")] bool? IsValid,
    [property: JsonPropertyName("expires_at")] long? ExpiresAt);

/// <summary>What Presenca keeps of debug_token: validity, and the expiry (never = <see cref="InstagramConnexion.TokenNeverExpires"/>).</summary>
public sealed record InstagramToken(bool IsValid, DateTimeOffset? ExpiresAt);
