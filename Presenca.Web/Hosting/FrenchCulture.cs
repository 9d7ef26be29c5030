using System.Globalization;

namespace Presenca.Web.Hosting;

/// <summary>
/// fr-FR for every date and number the app writes, set once: for requests (request localization)
/// and for the threads circuits run on (the process's default culture).
/// </summary>
public static class FrenchCulture
{
    public const string Name = "fr-FR";

    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo(Name);

    public static void UseAsDefault()
    {
        CultureInfo.DefaultThreadCurrentCulture = Culture;
        CultureInfo.DefaultThreadCurrentUICulture = Culture;
    }
}
