using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Presenca.Data.Migrations;

namespace Presenca.Bench;

/// <summary>How long the runner takes to bring an empty database to the current schema.</summary>
public static class MigrationBench
{
    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var scripts = MigrationScript.LoadDirectory(MigrationScript.DefaultDirectory);
        var times = new List<TimeSpan>();
        for (var run = 0; run < settings.MigrationRuns; run++)
        {
            await using var database = await BenchDatabase.CreateEmptyAsync(settings);
            await using var owner = NpgsqlDataSource.Create(database.OwnerConnectionString);
            var watch = Stopwatch.StartNew();
            await new MigrationRunner(owner, scripts, NullLogger.Instance).MigrateAsync();
            times.Add(watch.Elapsed);
        }

        return BenchResult.Of($"Migrate an empty database ({scripts.Count} files, {settings.MigrationRuns} runs, first includes JIT)", times);
    }
}
