using System.Security.Cryptography;
using System.Text;

namespace Presenca.Data.Migrations;

/// <summary>One versioned file of <c>migrations/</c>: <c>0003_contacts.sql</c> has version <c>0003</c>.</summary>
public sealed record MigrationScript(string Version, string FileName, string Sql, string Checksum)
{
    public static MigrationScript FromFile(string path)
    {
        var fileName = Path.GetFileName(path);
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !fileName[..separator].All(char.IsDigit))
        {
            throw new MigrationException(
                $"Nom de migration invalide « {fileName} » : attendu 0001_description.sql. / Invalid migration file name.");
        }

        // Line endings do not change what a script does: a checkout on Windows must not look edited.
        var sql = File.ReadAllText(path).ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new MigrationScript(fileName[..separator], fileName, sql, checksum);
    }

    /// <summary>Every <c>*.sql</c> file of a folder, in name order.</summary>
    public static IReadOnlyList<MigrationScript> LoadDirectory(string directory)
    {
        var scripts = Directory.GetFiles(directory, "*.sql")
            .Order(StringComparer.Ordinal)
            .Select(FromFile)
            .ToList();

        // The journal is keyed by version: a second file with the same number would be skipped
        // for ever once the first is applied (two branches picking the same number, typically).
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var files = string.Join(", ", duplicate.Select(s => s.FileName));
            throw new MigrationException(
                $"Plusieurs migrations portent le numéro {duplicate.Key} ({files}) : renumérotez-en une. / Several migrations share version {duplicate.Key}: {files}.");
        }

        return scripts;
    }

    /// <summary>The folder copied beside the application by the build (see Presenca.Data.csproj).</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "migrations");

    private static readonly Lazy<IReadOnlyList<MigrationScript>> ShippedScripts = new(() => LoadDirectory(DefaultDirectory));

    /// <summary>
    /// The scripts of <see cref="DefaultDirectory"/>, read and hashed once per process: they ship
    /// with the binaries and do not change while it runs, and /health asks for them on every probe.
    /// </summary>
    public static IReadOnlyList<MigrationScript> Shipped => ShippedScripts.Value;
}
