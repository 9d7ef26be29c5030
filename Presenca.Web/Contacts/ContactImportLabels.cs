using System.Globalization;
using Presenca.Data.Contacts;

namespace Presenca.Web.Contacts;

/// <summary>The French words users read about contact imports: statuses, issue kinds, refusals.</summary>
public static class ContactImportLabels
{
    public static string Of(ContactImportStatus status) => status switch
    {
        ContactImportStatus.EnAttente => "En attente",
        ContactImportStatus.EnCours => "En cours",
        ContactImportStatus.Terminee => "Terminé",
        ContactImportStatus.Echouee => "Échoué",
        _ => "",
    };

    public static MudBlazor.Color ColorOf(ContactImportStatus status) => status switch
    {
        ContactImportStatus.Terminee => MudBlazor.Color.Success,
        ContactImportStatus.Echouee => MudBlazor.Color.Error,
        ContactImportStatus.EnCours => MudBlazor.Color.Primary,
        _ => MudBlazor.Color.Default,
    };

    public static string Of(ContactImportIssueKind kind) => kind switch
    {
        ContactImportIssueKind.Invalide => "Adresse invalide",
        ContactImportIssueKind.DoublonFichier => "Doublon dans le fichier",
        ContactImportIssueKind.DoublonExistant => "Déjà dans vos contacts",
        ContactImportIssueKind.Entete => "En-tête ignoré",
        ContactImportIssueKind.Remarque => "Importé avec une remarque",
        _ => "",
    };

    /// <summary>
    /// A report line's problem as one phrase: the header's reason already says it all, and the
    /// reason is left out when it only repeats the kind (reports written before the reasons said more).
    /// </summary>
    public static string Describe(ContactImportIssueKind kind, string? reason) =>
        kind == ContactImportIssueKind.Entete && !string.IsNullOrWhiteSpace(reason) ? reason
        : string.IsNullOrWhiteSpace(reason) || string.Equals(reason.Trim(), Of(kind), StringComparison.OrdinalIgnoreCase) ? Of(kind)
        : $"{Of(kind)} : {reason}";

    public static string HeaderSkipped(int rowNumber) => $"Ligne {rowNumber} : en-tête ignoré";

    public static string NameCut(int length) => $"Nom tronqué à {length} caractères";

    public static string Of(ContactFileRefusal refusal, ContactImportOptions options) => refusal switch
    {
        ContactFileRefusal.Missing => "Choisissez un fichier à importer.",
        ContactFileRefusal.Extension => "Format non pris en charge : importez un fichier .xlsx, .xls ou .csv.",
        ContactFileRefusal.Empty => "Le fichier est vide.",
        ContactFileRefusal.TooLarge => $"Le fichier dépasse la taille maximale de {Megabytes(options.MaxFileBytes)}.",
        ContactFileRefusal.NotXlsx => "Ce fichier n'est pas un vrai classeur .xlsx : son contenu ne correspond pas à son extension.",
        ContactFileRefusal.NotXls => "Ce fichier n'est pas un vrai classeur .xls : son contenu ne correspond pas à son extension.",
        ContactFileRefusal.NotCsv => "Ce fichier n'est pas un vrai fichier texte .csv : son contenu ne correspond pas à son extension.",
        ContactFileRefusal.ZipBomb => "Ce classeur se décompresse en un volume anormalement grand : il est refusé par sécurité.",
        ContactFileRefusal.NoClient => "Seuls les comptes d'une agence ou d'un réseau importent des contacts.",
        _ => "",
    };

    public static string TooManyRows(int maxRows) =>
        $"Le fichier dépasse la limite de {maxRows.ToString("N0", French)} lignes : aucun contact n'a été importé.";

    public const string UnexpectedFailure = "L'import a échoué à cause d'une erreur inattendue : aucun contact n'a été importé. Réessayez ou contactez un administrateur.";

    public const string UnreadableFile = "Le fichier n'a pas pu être lu (fichier endommagé ou protégé par mot de passe) : aucun contact n'a été importé.";

    public const string Interrupted = "L'import a été interrompu par un redémarrage du serveur : aucun contact n'a été importé. Relancez-le.";

    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The day in Paris, as every page of the app shows times.</summary>
    public static string Day(DateTimeOffset at) => Paris(at).ToString("dd/MM/yyyy", French);

    /// <summary>Day and hour in Paris; the hour says which clock it is, since an import may be read from anywhere.</summary>
    public static string Moment(DateTimeOffset at) => Paris(at).ToString("dd/MM/yyyy 'à' HH:mm", French) + " (heure de Paris)";

    /// <summary>Day and hour in Paris, for a column whose header names the clock.</summary>
    public static string ParisTime(DateTimeOffset at) => Paris(at).ToString("dd/MM/yyyy HH:mm", French);

    public static string Count(long value) => value.ToString("N0", French);

    private static DateTimeOffset Paris(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Connexions.ConnexionQuota.Paris);

    public static string Megabytes(long bytes) => $"{(bytes / (1024.0 * 1024.0)).ToString("0.#", French)} Mo";
}
