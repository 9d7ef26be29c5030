using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Presenca.Bench;

/// <summary>
/// Presenca.Web started as its own process (as run.sh starts it), timed from Process.Start to
/// the first 200 on /health: runtime start, JIT, migrations when needed, the demo seed, Kestrel.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private WebAppProcess(Process process, StringBuilder output, Uri baseAddress, TimeSpan startupTime)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        StartupTime = startupTime;
    }

    public Uri BaseAddress { get; }

    /// <summary>The app's process, for tools that inspect it (dotnet-gcdump).</summary>
    public int ProcessId => _process.Id;

    public TimeSpan StartupTime { get; }

    /// <summary>What the app wrote to stdout and stderr so far (its log lines).</summary>
    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>
    /// The app's resident memory now and its peak so far (VmRSS, VmHWM of /proc), in MiB: the app
    /// runs inside this process (dotnet loads it, it does not start another one).
    /// </summary>
    public (double Resident, double Peak) Memory()
    {
        _process.Refresh();
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        double Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    public static Task<WebAppProcess> StartAsync(BenchSettings settings, BenchDatabase database) =>
        StartAsync(settings.WebAssembly, database.AppConnectionString, database.OwnerConnectionString, new Dictionary<string, string>());

    /// <summary>
    /// The same on a database the caller prepared; <paramref name="environment"/> overrides the
    /// defaults (e.g. <c>Presenca__MigrateOnStartup=false</c> on an already migrated database).
    /// </summary>
    public static async Task<WebAppProcess> StartAsync(
        string webAssembly, string appConnectionString, string ownerConnectionString, IReadOnlyDictionary<string, string> environment)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(webAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.Combine(BenchSettings.RepositoryRoot(), "Presenca.Web"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Presenca"] = appConnectionString;
        start.Environment["ConnectionStrings__PresencaOwner"] = ownerConnectionString;
        start.Environment["Presenca__MigrateOnStartup"] = "true";
        start.Environment["Presenca__SeedDemo"] = "true";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        while (watch.Elapsed < StartupLimit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Presenca.Web exited with {process.ExitCode}:\n{output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseAddress, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new WebAppProcess(process, output, baseAddress, watch.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"Presenca.Web did not answer 200 on /health within {StartupLimit}:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_output)
        {
            _output.Clear();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
