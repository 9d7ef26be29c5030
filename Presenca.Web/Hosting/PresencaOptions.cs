namespace Presenca.Web.Hosting;

/// <summary>The <c>Presenca</c> section of configuration (see the table in README.md).</summary>
public sealed class PresencaOptions
{
    public const string Section = "Presenca";

    /// <summary>Apply pending migrations when the app starts (with the owner connection).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Create the demo organisation, its users and data when they are missing.</summary>
    public bool SeedDemo { get; set; }
}
