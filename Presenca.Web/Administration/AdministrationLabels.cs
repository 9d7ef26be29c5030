using Presenca.Data.Identity;

namespace Presenca.Web.Administration;

/// <summary>The French words of the administration pages: audit actions, tables, user status.</summary>
public static class AdministrationLabels
{
    // Presenca's users work in France: times read in Paris time, whatever the server's zone.
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string Date(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Paris).ToString("dd/MM/yyyy");

    public static string DateTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Paris).ToString("dd/MM/yyyy HH:mm:ss");

    public static string Action(string action) => action switch
    {
        "insert" => "Création",
        "update" => "Modification",
        "delete" => "Suppression",
        _ => action,
    };

    public static string Table(string table) => table switch
    {
        "organisations" => "Organisation",
        "reseaux" => "Réseau",
        "reseau_agence" => "Agence du réseau",
        "agence_independante" => "Agence indépendante",
        "users" => "Utilisateur",
        _ => table,
    };

    public static string Status(PresencaUser user, DateTimeOffset now) =>
        IsDeactivated(user, now) ? "Désactivé"
        : user.LockoutEnd is { } end && end > now ? "Verrouillé après des échecs de connexion"
        : user.PasswordHash is null ? "Invitation en attente"
        : "Actif";

    /// <summary>Deactivation is a lockout that never ends (Identity then refuses every sign-in).</summary>
    public static bool IsDeactivated(PresencaUser user, DateTimeOffset now) =>
        user.LockoutEnd is { } end && end > now.AddYears(100);
}
