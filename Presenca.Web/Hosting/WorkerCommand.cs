using System.Runtime;
using Presenca.Data;
using Presenca.Data.Connexions.Secrets;
using Presenca.Web.Campaigns;
using Presenca.Web.Connexions.KeyRing;

namespace Presenca.Web.Hosting;

/// <summary>
/// <c>dotnet Presenca.Web.dll worker</c>: an extra campaign sending process without the web app
/// (no Kestrel, pages, SignalR or Identity): the database, the key ring that decrypts Brevo keys,
/// and the pipeline. Any number of them may run beside the web instances on the same database.
/// Operators start it with <c>presenca-worker.sh</c>, which adds the runtime settings that keep
/// its memory low (they must be set before the runtime starts, so they cannot live here).
/// </summary>
public static class WorkerCommand
{
    public static bool IsRequested(string[] args) => args.FirstOrDefault() == "worker";

    public static async Task<int> RunAsync(string[] args)
    {
        // One variable for operators: the worker honours ASPNETCORE_ENVIRONMENT like the web app.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args.Skip(1).ToArray(),
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
        });
        var connections = ConnectionStrings.From(builder.Configuration);
        builder.Services.AddSingleton(connections);
        builder.Services.AddPresencaKeyRing(builder.Configuration, builder.Environment, connections);
        builder.Services.AddSingleton(sp => new PresencaDatabase(connections.App, sp.GetRequiredService<ISecretProtector>()));
        builder.Services.AddCampaigns(builder.Configuration, builder.Environment);
        using var host = builder.Build();
        if (GCSettings.IsServerGC)
        {
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WorkerCommand)).LogWarning(
                "Worker started with server GC: start it with presenca-worker.sh (or DOTNET_gcServer=0) to keep its memory low.");
        }

        await host.RunAsync();
        return 0;
    }
}
