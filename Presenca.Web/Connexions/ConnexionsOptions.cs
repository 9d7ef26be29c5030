namespace Presenca.Web.Connexions;

/// <summary>
/// The providers' addresses and the test deadline (configuration, see README.md). Brevo's address
/// is in BrevoOptions, shared with campaign sending.
/// </summary>
public sealed class ConnexionsOptions
{
    public const string OpenAiBaseUrl = "Presenca:OpenAI:BaseUrl";
    public const string InstagramBaseUrl = "Presenca:Instagram:BaseUrl";

    // Meta serves debug_token on the Facebook Graph host, not on graph.instagram.com.
    public const string InstagramTokenDebugBaseUrl = "Presenca:Instagram:TokenDebugBaseUrl";
    public const string ZohoBaseUrl = "Presenca:Zoho:BaseUrl";
    public const string TestTimeoutSeconds = "Presenca:Connexions:TestTimeoutSeconds";

    public static Uri BaseAddress(IConfiguration configuration, string key, string fallback)
    {
        var text = configuration[key] is { Length: > 0 } configured ? configured : fallback;
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    public static TimeSpan TestTimeout(IConfiguration configuration) =>
        TimeSpan.FromSeconds(double.TryParse(configuration[TestTimeoutSeconds], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 10);
}
