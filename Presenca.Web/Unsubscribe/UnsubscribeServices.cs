using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Presenca.Web.Account;

namespace Presenca.Web.Unsubscribe;

public static class UnsubscribeServices
{
    public const string RateLimitPolicy = "desinscription";

    public const string TooManyRequests = "Trop de demandes depuis votre adresse : réessayez dans une minute.";

    /// <summary>What sending needs to write links (the web app and the worker process).</summary>
    public static void AddUnsubscribeLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PublicLinkOptions>(configuration.GetSection(PublicLinkOptions.Section));
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<UnsubscribeLinks>();
    }

    /// <summary>The public page's side: the changes it makes, and its per-IP rate limit.</summary>
    public static void AddUnsubscribePage(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<UnsubscribeOptions>(configuration.GetSection(UnsubscribeOptions.Section));
        services.AddSingleton<Unsubscriptions>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync(TooManyRequests, cancellationToken);
            };
            options.AddPolicy(RateLimitPolicy, http =>
            {
                var permits = http.RequestServices.GetRequiredService<IOptions<UnsubscribeOptions>>().Value.RequestsPerMinutePerIp;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "inconnue",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
    }
}
