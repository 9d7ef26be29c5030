namespace Presenca.Web.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder holding Presenca.sln, found from the test binaries upwards.</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
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
