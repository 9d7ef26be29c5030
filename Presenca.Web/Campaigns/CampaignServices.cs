using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Web.Campaigns.Brevo;
using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Campaigns;

public static class CampaignServices
{
    /// <summary>
    /// The campaign building blocks that need nothing from contacts or connexions yet: the Brevo
    /// client and the shared rate limiter. The sandbox transport is registered with the
    /// <see cref="Webhooks.IEmailEventHandler"/> that applies events to emails_sent.
    /// </summary>
    public static void AddCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BrevoOptions>(configuration.GetSection(BrevoOptions.Section));
        services.AddHttpClient<BrevoTransactionalClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<BrevoOptions>>().Value;
            http.BaseAddress = WithTrailingSlash(options.BaseUrl);
            http.Timeout = options.Timeout;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SendRateLimiter(
            sp.GetRequiredService<PresencaDatabase>().DataSource,
            sp.GetRequiredService<TimeProvider>()));
    }

    // Relative request paths ("v3/smtp/email") would otherwise drop the last segment of a base
    // URL such as https://proxy.example/brevo.
    internal static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
