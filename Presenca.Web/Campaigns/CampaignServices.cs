using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Web.Brevo;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Campaigns.Sending;
using Presenca.Web.Campaigns.Webhooks;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Campaigns;

public static class CampaignServices
{
    /// <summary>
    /// The Brevo client, the shared rate limiter, the sandbox, the event inbox shared by
    /// webhooks and the sandbox with its applier, and the sending pipeline (a hosted service in every instance).
    /// </summary>
    public static void AddCampaigns(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<PipelineOptions>(options =>
        {
            // Development and the demo send through the sandbox when there is no connexion at all.
            options.SandboxWithoutConnexion = environment.IsDevelopment() || configuration.GetValue<bool>("Presenca:SeedDemo");
            configuration.GetSection(PipelineOptions.Section).Bind(options);
        });
        services.Configure<SandboxOptions>(configuration.GetSection("Presenca:Campaigns:Sandbox"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SandboxOptions>>().Value);
        services.Configure<EmailEventOptions>(configuration.GetSection(EmailEventOptions.Section));
        services.AddSingleton<EmailEventInbox>();
        services.AddSingleton<IEmailEventHandler>(sp => sp.GetRequiredService<EmailEventInbox>());
        services.AddSingleton<EmailEventApplier>();
        services.AddSingleton<EmailEventWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailEventWorker>());
        services.AddSingleton<SandboxEmailTransport>();
        services.AddSingleton<CampaignTransports>();
        services.AddSingleton<PipelineWakeUp>();
        services.AddSingleton<PipelineListener>();
        services.AddSingleton<CampaignStarter>();
        services.AddSingleton<CampaignPreparer>();
        services.AddSingleton<CampaignBatchSender>();
        services.AddSingleton<CampaignWorker>();
        services.AddSingleton<CampaignTestSend>();
        services.AddHostedService(sp => sp.GetRequiredService<CampaignWorker>());

        services.AddBrevo(configuration);
        services.AddUnsubscribeLinks(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SendRateLimiter(
            sp.GetRequiredService<PresencaDatabase>().DataSource,
            sp.GetRequiredService<TimeProvider>()));
    }

}
