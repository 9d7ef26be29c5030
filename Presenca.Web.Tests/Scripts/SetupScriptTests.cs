using System.Diagnostics;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Scripts;

/// <summary>
/// run.sh and test.sh share scripts/postgres.sh. On a machine with neither PostgreSQL nor apt-get
/// they must say what to install and stop, instead of failing somewhere further on.
/// </summary>
public sealed class SetupScriptTests
{
    [Fact]
    public async Task Without_postgres_and_without_apt_the_setup_says_what_to_install_and_exits_non_zero()
    {
        // No PostgreSQL found (the lookup answers nothing) and a PATH where apt-get does not exist.
        var (exitCode, output) = await RunBashAsync(
            "source scripts/postgres.sh; presenca_pg_bin() { :; }; presenca_require_postgres; echo 'should not get here'",
            path: "/nonexistent");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PostgreSQL (15 ou plus récent) est introuvable et apt-get est absent", output);
        Assert.DoesNotContain("should not get here", output);
    }

    [Fact]
    public async Task A_missing_package_without_apt_is_named_before_stopping()
    {
        var (exitCode, output) = await RunBashAsync(
            "source scripts/postgres.sh; presenca_apt_install chromium; echo 'should not get here'",
            path: "/nonexistent");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("il manque chromium et apt-get est absent", output);
        Assert.DoesNotContain("should not get here", output);
    }

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, string path)
    {
        var start = new ProcessStartInfo("/bin/bash", ["-c", script])
        {
            WorkingDirectory = RepositoryFolder.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = path;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
