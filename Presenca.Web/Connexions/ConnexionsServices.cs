using Microsoft.Extensions.DependencyInjection.Extensions;
using Presenca.Web.Brevo;
using Presenca.Web.Connexions.Providers;

namespace Presenca.Web.Connexions;

public static class ConnexionsServices
{
    /// <summary>The providers' typed HTTP clients (base addresses from configuration; Brevo's is shared with campaigns) and the tester.</summary>
    public static void AddPresencaConnexions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBrevo(configuration);
        services.AddHttpClient<OpenAiClient>(http => http.BaseAddress = ConnexionsOptions.BaseAddress(configuration, ConnexionsOptions.OpenAiBaseUrl, "https://api.openai.com"));
        services.AddHttpClient<InstagramClient>(http => http.BaseAddress = ConnexionsOptions.BaseAddress(configuration, ConnexionsOptions.InstagramBaseUrl, "https://graph.instagram.com"));
        services.AddSingleton(new InstagramTokenDebugAddress(
            ConnexionsOptions.BaseAddress(configuration, ConnexionsOptions.InstagramTokenDebugBaseUrl, "https://graph.facebook.com")));
        services.AddHttpClient<ZohoClient>(http => http.BaseAddress = ConnexionsOptions.BaseAddress(configuration, ConnexionsOptions.ZohoBaseUrl, "https://mail.zoho.eu"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ConnexionTester>();
        services.AddScoped<ConnexionEditor>();
    }
}
