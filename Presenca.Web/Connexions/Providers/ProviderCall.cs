using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions.Providers;

/// <summary>
/// The one way Presenca calls a provider's HTTP API: a deadline, and every failure (refused key,
/// rate limit, outage, unreadable body, silence, unreachable host) turned into a status and a
/// French message instead of an exception. Messages never repeat the key or the response body.
/// </summary>
internal static class ProviderCall
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="retryAfter">How the provider says how long to wait after a 429 (default: Retry-After).</param>
    public static async Task<ProviderResponse<T>> GetJsonAsync<T>(
        HttpClient http, HttpRequestMessage request, string provider, TimeSpan timeout, CancellationToken cancellationToken, Func<HttpResponseMessage, TimeSpan?>? retryAfter = null)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (Failure<T>(response, provider, retryAfter ?? RetryAfter) is { } failure)
            {
                return await IsGraphTokenRejectionAsync(response, deadline.Token)
                    ? ProviderResponse<T>.Fail(ConnexionStatus.CleInvalide, $"{provider} refuse le jeton (invalide ou expiré) : générez-en un nouveau et remplacez-le.")
                    : failure;
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, deadline.Token);
            return value is null ? Unreadable<T>(provider) : ProviderResponse<T>.Ok(value);
        }
        catch (JsonException)
        {
            return Unreadable<T>(provider);
        }
        catch (NotSupportedException)
        {
            // Content-Type other than JSON.
            return Unreadable<T>(provider);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResponse<T>.Fail(ConnexionStatus.Erreur,
                $"{provider} n'a pas répondu dans les {timeout.TotalSeconds.ToString("0.#", CultureInfo.GetCultureInfo("fr-FR"))} secondes : réessayez dans quelques minutes.");
        }
        catch (HttpRequestException)
        {
            return ProviderResponse<T>.Fail(ConnexionStatus.Erreur,
                $"Impossible de joindre {provider} : vérifiez l'adresse du service et l'accès réseau du serveur.");
        }
    }

    private static ProviderResponse<T>? Failure<T>(HttpResponseMessage response, string provider, Func<HttpResponseMessage, TimeSpan?> retryAfter)
        where T : class
    {
        var code = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ProviderResponse<T>.Fail(ConnexionStatus.CleInvalide,
                $"{provider} refuse la clé (HTTP {code}) : vérifiez-la ou remplacez-la."),
            HttpStatusCode.TooManyRequests => ProviderResponse<T>.Fail(ConnexionStatus.LimiteAtteinte, RateLimited(retryAfter(response), provider)),
            _ when code >= 500 => ProviderResponse<T>.Fail(ConnexionStatus.Erreur,
                $"{provider} est indisponible pour le moment (HTTP {code}) : réessayez plus tard."),
            _ when !response.IsSuccessStatusCode => ProviderResponse<T>.Fail(ConnexionStatus.Erreur,
                $"{provider} a refusé la demande (HTTP {code})."),
            _ => null,
        };
    }

    // Meta's Graph API answers an invalid or expired token with HTTP 400 and an OAuthException of
    // code 190, not with 401: without this the user would read "refused the request (HTTP 400)".
    private static async Task<bool> IsGraphTokenRejectionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }

        try
        {
            var body = await response.Content.ReadFromJsonAsync<GraphErrorBody>(Json, cancellationToken);
            return body?.Error is { Type: "OAuthException", Code: 190 };
        }
        catch (Exception error) when (error is JsonException or NotSupportedException)
        {
            return false;
        }
    }

    private sealed record GraphErrorBody(GraphError? Error);

    private sealed record GraphError(string? Type, int? Code);

    private static string RateLimited(TimeSpan? wait, string provider) =>
        wait is { } delay && delay > TimeSpan.Zero
            ? $"{provider} limite le nombre d'appels (HTTP 429) : réessayez dans {Math.Ceiling(delay.TotalSeconds)} secondes."
            : $"{provider} limite le nombre d'appels (HTTP 429) : réessayez dans quelques minutes.";

    // The standard header, in seconds or as a date.
    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    // "de Brevo", "d'OpenAI".
    private static string Of(string provider) => "AEIOU".Contains(provider[0], StringComparison.Ordinal) ? "d'" + provider : "de " + provider;

    internal static ProviderResponse<T> Unreadable<T>(string provider)
        where T : class =>
        ProviderResponse<T>.Fail(ConnexionStatus.Erreur,
            $"Réponse illisible {Of(provider)} : le service n'a pas renvoyé les données attendues. Vérifiez l'adresse du service.");
}
