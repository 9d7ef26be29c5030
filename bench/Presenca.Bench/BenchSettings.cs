using Npgsql;

namespace Presenca.Bench;

/// <summary>
/// Where PostgreSQL is (the three logins bench/run.sh exports, like test.sh's) and how many times
/// to measure. Counts can be changed with --requests N, --migration-runs N, --restart-runs N.
/// </summary>
public sealed record BenchSettings(
    string AdminLogin,
    string OwnerLogin,
    string AppLogin,
    string WebAssembly,
    int MigrationRuns,
    int RestartRuns,
    int WarmupRequests,
    int Requests)
{
    public static BenchSettings FromEnvironment(string[] args) => new(
        Require("PRESENCA_BENCH_POSTGRES_ADMIN"),
        Require("PRESENCA_BENCH_POSTGRES_OWNER"),
        Require("PRESENCA_BENCH_POSTGRES_APP"),
        WebAssemblyPath(),
        Option(args, "--migration-runs", 5),
        Option(args, "--restart-runs", 3),
        Option(args, "--warmup", 50),
        Option(args, "--requests", 500));

    public static string ForDatabase(string login, string database) =>
        new NpgsqlConnectionStringBuilder(login) { Database = database }.ConnectionString;

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the benchmark through bench/run.sh.");

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) && value > 0 ? value : fallback;
    }

    /// <summary>Presenca.Web.dll built beside this project, in the same configuration.</summary>
    public static string WebAssemblyPath()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(RepositoryRoot(), "Presenca.Web", "bin", configuration, "net10.0", "Presenca.Web.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build Presenca.Web in {configuration}.");
    }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Presenca.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Presenca.sln above {AppContext.BaseDirectory}.");
    }
}
