using System.Net.Http.Headers;

namespace Presenca.Web.Connexions.Providers;

/// <summary>OpenAI's REST API (base address: Presenca:OpenAI:BaseUrl).</summary>
public sealed class OpenAiClient(HttpClient http)
{
    public const string Name = "OpenAI";

    /// <summary>GET /v1/models: proves the key and lists the models it may use.</summary>
    public Task<ProviderResponse<OpenAiModelList>> ListModelsAsync(string apiKey, string? organisation, string? project, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (!string.IsNullOrWhiteSpace(organisation))
        {
            request.Headers.Add("OpenAI-Organization", organisation);
        }

        if (!string.IsNullOrWhiteSpace(project))
        {
            request.Headers.Add("OpenAI-Project", project);
        }

        return ProviderCall.GetJsonAsync<OpenAiModelList>(http, request, Name, timeout, cancellationToken);
    }
}

public sealed record OpenAiModelList(IReadOnlyList<OpenAiModel>? Data);

public sealed record OpenAiModel(string? Id);
