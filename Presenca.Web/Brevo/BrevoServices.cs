using Microsoft.Extensions.Options;

namespace Presenca.Web.Brevo;

public static class BrevoServices
{
    /// <summary>
    /// The one Brevo client of the app (options from <see cref="BrevoOptions.Section"/>). Both
    /// features that call Brevo ask for it, the web app registers both and the worker only
    /// campaigns: the second call finds it there and adds nothing.
    /// </summary>
    public static void AddBrevo(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(BrevoClient)))
        {
            return;
        }

        services.Configure<BrevoOptions>(configuration.GetSection(BrevoOptions.Section));
        services.AddHttpClient<BrevoClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<BrevoOptions>>().Value;
            // An empty setting binds to null: it means "the default", as for the other providers.
            http.BaseAddress = WithTrailingSlash(options.BaseUrl ?? BrevoOptions.DefaultBaseUrl);
            http.Timeout = options.Timeout;
        });
    }

    // Relative request paths ("v3/smtp/email") would otherwise drop the last segment of a base
    // URL such as https://proxy.example/brevo.
    internal static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
