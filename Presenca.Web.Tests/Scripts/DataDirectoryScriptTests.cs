using System.Diagnostics;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Scripts;

/// <summary>
/// run.sh keeps everything in one folder it creates (PRESENCA_DATA_DIR) and never changes the
/// mode of a folder it did not create: <c>PRESENCA_DATA_DIR=/tmp/x ./run.sh</c> once turned /tmp
/// into 755. The rule lives in scripts/postgres.sh (<c>presenca_state_dir</c>); each folder here
/// plays /tmp: mode 1777, sticky bit included.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash scripts and Unix modes
public sealed class DataDirectoryScriptTests : IDisposable
{
    private static readonly UnixFileMode SharedTmp = (UnixFileMode)Convert.ToInt32("1777", 8);
    private readonly DirectoryInfo _tmp = Directory.CreateTempSubdirectory("presenca-state-test.");

    public DataDirectoryScriptTests() => File.SetUnixFileMode(_tmp.FullName, SharedTmp);

    [Fact]
    public async Task A_missing_folder_is_created_with_its_parents_and_only_it_gets_a_mode_and_a_second_run_reuses_it()
    {
        var state = Path.Combine(_tmp.FullName, "x", "etat");

        var (exitCode, output) = await RunBashAsync($"source scripts/postgres.sh; presenca_state_dir '{state}' PRESENCA_DATA_DIR");
        var again = await RunBashAsync($"source scripts/postgres.sh; presenca_state_dir '{state}' PRESENCA_DATA_DIR");

        Assert.True(exitCode == 0, output);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(SharedTmp, File.GetUnixFileMode(_tmp.FullName));
        // As root the postgres user must reach the cluster inside: it may cross the folder, not list it.
        Assert.Equal((UnixFileMode)Convert.ToInt32(Environment.UserName == "root" ? "711" : "700", 8), File.GetUnixFileMode(state));
        Assert.Equal([".presenca-state"], Directory.GetFileSystemEntries(state).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_existing_folder_the_script_did_not_create_is_refused_in_french_and_left_as_it_was()
    {
        var link = Path.Combine(_tmp.FullName, "lien");
        var mine = Path.Combine(_tmp.FullName, "mien");
        Assert.Equal(0, (await RunBashAsync($"source scripts/postgres.sh; presenca_state_dir '{mine}'")).ExitCode);
        File.CreateSymbolicLink(link, mine);

        foreach (var folder in new[] { _tmp.FullName, link })
        {
            var (exitCode, output) = await RunBashAsync($"source scripts/postgres.sh; presenca_state_dir '{folder}' PRESENCA_DATA_DIR; echo 'should not get here'");

            Assert.NotEqual(0, exitCode);
            Assert.Contains($"PRESENCA_DATA_DIR={folder} : ce dossier existe déjà et n'a pas été créé par ce script", output);
            Assert.DoesNotContain("should not get here", output);
        }

        Assert.Equal(SharedTmp, File.GetUnixFileMode(_tmp.FullName));
        Assert.Equal(["lien", "mien"], Directory.GetFileSystemEntries(_tmp.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_sh_stops_on_such_a_folder_before_installing_or_writing_anything()
    {
        // A dotnet that cannot build: whatever happens, this test never serves the app.
        var bin = Directory.CreateDirectory(Path.Combine(_tmp.FullName, "bin"));
        await File.WriteAllTextAsync(Path.Combine(bin.FullName, "dotnet"), "#!/bin/sh\nexit 1\n");
        File.SetUnixFileMode(Path.Combine(bin.FullName, "dotnet"), (UnixFileMode)Convert.ToInt32("755", 8));
        var existing = Directory.CreateDirectory(Path.Combine(_tmp.FullName, "partage"));
        File.SetUnixFileMode(existing.FullName, SharedTmp);

        var (exitCode, output) = await RunBashAsync("./run.sh", new Dictionary<string, string>
        {
            ["PRESENCA_DATA_DIR"] = existing.FullName,
            ["PRESENCA_PG_PORT"] = "1",
            ["PATH"] = bin.FullName + ":" + Environment.GetEnvironmentVariable("PATH"),
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"PRESENCA_DATA_DIR={existing.FullName} : ce dossier existe déjà", output);
        Assert.Equal(SharedTmp, File.GetUnixFileMode(_tmp.FullName));
        Assert.Equal(SharedTmp, File.GetUnixFileMode(existing.FullName));
        Assert.Empty(Directory.GetFileSystemEntries(existing.FullName));
        Assert.Equal(["bin", "partage"], Directory.GetFileSystemEntries(_tmp.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _tmp.Delete(recursive: true);

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/bash", ["-c", script])
        {
            WorkingDirectory = RepositoryFolder.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
