namespace Presenca.Web.Brevo;

/// <summary>The <c>Presenca:Brevo</c> section of configuration.</summary>
public sealed class BrevoOptions
{
    public const string Section = "Presenca:Brevo";

    public static readonly Uri DefaultBaseUrl = new("https://api.brevo.com");

    /// <summary>Brevo's API root; tests point it at a fake server on 127.0.0.1.</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>
    /// How long one call may take before it counts as a transient failure. A batch of 1000
    /// versions is accepted by Brevo in about a second; a minute means something is wrong.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
