using System.Net.Http.Headers;
using System.Text.Json.Serialization;

namespace Presenca.Web.Connexions.Providers;

/// <summary>Instagram's Graph API (base address: Presenca:Instagram:BaseUrl).</summary>
public sealed class InstagramClient(HttpClient http)
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
}

public sealed record InstagramMe(
    string? Id,
    [property: JsonPropertyName("user_id")] string? UserId,
    string? Username,
    [property: JsonPropertyName("account_type")] string? AccountType);
