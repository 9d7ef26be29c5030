using Presenca.Web.Connexions;

namespace Presenca.Web.Campaigns.Drafting;

public static class DraftingServices
{
    /// <summary>"Rédiger avec l'IA": prices, the typed OpenAI client (its own deadline, no HttpClient timeout), the service.</summary>
    public static void AddDrafting(this IServiceCollection services)
    {
        services.AddSingleton<OpenAiPricing>();
        services.AddHttpClient<OpenAiDrafter>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<DraftingService>();
    }
}
