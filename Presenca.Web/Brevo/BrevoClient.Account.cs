using Presenca.Web.Connexions.Providers;

namespace Presenca.Web.Brevo;

public sealed partial class BrevoClient
{
    /// <summary>
    /// GET /v3/account: about 100 calls an hour, so only for "Tester la connexion". Failures read
    /// like every provider's test (<see cref="ProviderCall"/>), a 429's wait as sending reads it.
    /// </summary>
    public Task<ProviderResponse<BrevoAccount>> GetAccountAsync(string apiKey, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The client's own timeout (Presenca:Brevo:Timeout) also bounds the call: the message then
        // names the deadline that actually applied.
        var deadline = timeout < http.Timeout ? timeout : http.Timeout;
        return ProviderCall.GetJsonAsync<BrevoAccount>(http, Request(HttpMethod.Get, "v3/account", apiKey), Name, deadline, cancellationToken, RetryAfter);
    }
}

public sealed record BrevoAccount(string? Email, string? FirstName, string? LastName, string? CompanyName, IReadOnlyList<BrevoPlan>? Plan);

public sealed record BrevoPlan(string? Type, string? CreditsType, decimal? Credits);
