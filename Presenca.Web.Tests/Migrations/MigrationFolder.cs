using Presenca.Data.Migrations;

namespace Presenca.Web.Tests.Migrations;

/// <summary>A throwaway folder of .sql files written by a test, deleted when disposed.</summary>
internal sealed class MigrationFolder : IDisposable
{
    public MigrationFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"presenca-migrations-{Guid.NewGuid():N}");

    public MigrationFolder With(string fileName, string sql)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, fileName), sql);
        return this;
    }

    public IReadOnlyList<MigrationScript> Load() => MigrationScript.LoadDirectory(Path);

    /// <summary>The repository's own migrations/ folder (the source, not the copy in bin/).</summary>
    public static string Repository
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "Presenca.sln")))
                {
                    return System.IO.Path.Combine(directory.FullName, "migrations");
                }
            }

            throw new InvalidOperationException($"No Presenca.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The names of the repository's migration files, in the order they must run.</summary>
    public static IReadOnlyList<string> RepositoryFileNames =>
        Directory.GetFiles(Repository, "*.sql").Select(file => System.IO.Path.GetFileName(file)).Order(StringComparer.Ordinal).ToList();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
