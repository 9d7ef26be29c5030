using System.Net.Http.Json;

namespace Presenca.Bench;

/// <summary>
/// The web app's benchmark-only figures (<c>Presenca__Diagnostics__Enabled=true</c>, read on
/// 127.0.0.1): open circuits and the managed heap after a full GC, and how long each circuit took
/// from hearing a NOTIFY to rendering what it re-read.
/// </summary>
public static class AppDiagnostics
{
    public const string EnableVariable = "Presenca__Diagnostics__Enabled";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task<MemoryReading> ReadMemoryAsync(Uri app) =>
        await Http.GetFromJsonAsync<MemoryReading>(new Uri(app, "/_diagnostics/memory"))
        ?? throw new InvalidOperationException("The app gave no memory reading.");

    /// <summary>The latencies recorded since the last call (the call starts a new recording).</summary>
    public static async Task<IReadOnlyList<LiveLatency>> TakeLiveLatenciesAsync(Uri app) =>
        await Http.GetFromJsonAsync<List<LiveLatency>>(new Uri(app, "/_diagnostics/live-latency")) ?? [];

    /// <summary>Waits until the app holds exactly <paramref name="circuits"/> open circuits, and reads its memory then.</summary>
    public static async Task<MemoryReading> ReadMemoryWhenAsync(Uri app, int circuits, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var reading = await ReadMemoryAsync(app);
            if (reading.OpenCircuits == circuits)
            {
                return reading;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The app still holds {reading.OpenCircuits} circuits, not {circuits}.");
            }

            // Polling for a condition: circuits close when the browser's disconnect reaches the server.
            await Task.Delay(250);
        }
    }
}

public sealed record MemoryReading(int OpenCircuits, long ManagedHeapBytes, long WorkingSetBytes);

public sealed record LiveLatency(int Circuit, double Milliseconds);
