using System.Net.Http.Headers;

namespace Presenca.Web.Connexions.Providers;

/// <summary>Zoho Mail's REST API (base address: Presenca:Zoho:BaseUrl).</summary>
public sealed class ZohoClient(HttpClient http)
{
    public const string Name = "Zoho";

    /// <summary>GET /api/accounts: the mail accounts the OAuth token opens.</summary>
    public Task<ProviderResponse<ZohoAccounts>> GetAccountsAsync(string token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/accounts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        return ProviderCall.GetJsonAsync<ZohoAccounts>(http, request, Name, timeout, cancellationToken);
    }
}

public sealed record ZohoAccounts(IReadOnlyList<ZohoAccount>? Data);

public sealed record ZohoAccount(string? AccountId, string? AccountDisplayName, string? DisplayName, string? PrimaryEmailAddress);
