namespace Presenca.Web.Connexions.Providers;

/// <summary>Brevo's v3 REST API (base address: Presenca:Brevo:BaseUrl).</summary>
public sealed class BrevoClient(HttpClient http)
{
    public const string Name = "Brevo";

    /// <summary>GET /v3/account: about 100 calls an hour, so only for "Tester la connexion".</summary>
    public Task<ProviderResponse<BrevoAccount>> GetAccountAsync(string apiKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v3/account");
        request.Headers.Add("api-key", apiKey);
        request.Headers.Accept.ParseAdd("application/json");
        return ProviderCall.GetJsonAsync<BrevoAccount>(http, request, Name, timeout, cancellationToken);
    }
}

public sealed record BrevoAccount(string? Email, string? FirstName, string? LastName, string? CompanyName, IReadOnlyList<BrevoPlan>? Plan);

public sealed record BrevoPlan(string? Type, string? CreditsType, decimal? Credits);
