using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Presenca.Web.Live;

namespace Presenca.Web.Diagnostics;

/// <summary>
/// Figures that only the benchmarks read (<c>Presenca:Diagnostics:Enabled</c>, off by default):
/// open circuits and the managed heap after a full GC, and NOTIFY-to-render latencies per circuit.
/// Answered on loopback only, and not mapped at all unless enabled.
/// </summary>
public static class BenchDiagnostics
{
    public const string EnabledSetting = "Presenca:Diagnostics:Enabled";

    public static void AddBenchDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue<bool>(EnabledSetting);
        services.AddSingleton(new LiveRenderLatency(enabled));
        if (enabled)
        {
            services.AddSingleton<OpenCircuits>();
            services.AddScoped<CircuitHandler, OpenCircuitsHandler>();
        }
    }

    public static void MapBenchDiagnostics(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(EnabledSetting))
        {
            return;
        }

        var group = app.MapGroup("/_diagnostics").AllowAnonymous().AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
                ? await next(context)
                : Results.NotFound());
        group.MapGet("/memory", (OpenCircuits circuits) => Results.Ok(new
        {
            OpenCircuits = circuits.Count,
            // A forced full, compacting collection: what the circuits really keep alive.
            ManagedHeapBytes = GC.GetTotalMemory(forceFullCollection: true),
            WorkingSetBytes = Environment.WorkingSet,
        }));
        group.MapGet("/live-latency", (LiveRenderLatency latency) => Results.Ok(
            latency.TakeAll().Select(f => new { f.Circuit, f.Milliseconds })));
    }
}
