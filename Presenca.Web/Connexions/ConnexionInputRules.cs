using System.Globalization;
using System.Net.Mail;
using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions;

/// <summary>
/// Checks a posted <see cref="ConnexionInput"/> field by field (French messages keyed by property
/// name) and, only when all are valid, copies it onto the connexion.
/// </summary>
public static class ConnexionInputRules
{
    public const int MaxDailyLimit = 10_000_000;
    public const decimal MaxMonthlyBudget = 1_000_000m;

    /// <summary>OpenAI models accepted before a test has listed the key's own.</summary>
    public static readonly IReadOnlyList<string> KnownOpenAiModels =
    [
        "gpt-3.5-turbo", "gpt-4", "gpt-4-turbo", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
        "gpt-5", "gpt-5-mini", "gpt-5-nano", "o1", "o1-mini", "o3", "o3-mini", "o4-mini",
    ];

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static Dictionary<string, string> Validate(ConnexionInput input, Integration integration, Connexion? stored)
    {
        var errors = new Dictionary<string, string>();
        var email = input.EmailCompte?.Trim();
        if (!string.IsNullOrEmpty(email) && !IsEmail(email))
        {
            errors[nameof(input.EmailCompte)] = $"Adresse e-mail invalide : « {email} ». Exemple : contact@agence.fr";
        }

        if (ParseLimit(input.LimiteQuotidienne, out _) is { } limitError)
        {
            errors[nameof(input.LimiteQuotidienne)] = limitError;
        }

        var newSecret = input.NouvelleCle?.Trim();
        if (!string.IsNullOrEmpty(newSecret) && (newSecret.Length < 8 || newSecret.Any(char.IsWhiteSpace)))
        {
            errors[nameof(input.NouvelleCle)] = "Clé trop courte ou contenant des espaces : vérifiez que vous l'avez copiée en entier.";
        }
        else if (input.Actif && string.IsNullOrEmpty(newSecret) && string.IsNullOrEmpty(stored?.MainSecret))
        {
            errors[nameof(input.NouvelleCle)] =
                $"Une connexion active a besoin de {ConnexionLabels.SecretInSentence(integration)} : renseignez ce champ, ou décochez « Active ».";
        }

        if (integration == Integration.Openai)
        {
            if (ParseBudget(input.LimiteCoutMois, out _) is { } budgetError)
            {
                errors[nameof(input.LimiteCoutMois)] = budgetError;
            }

            var known = KnownOpenAiModels.Union(stored is OpenaiConnexion o ? ConnexionTester.OfferedModels(o) : []).ToHashSet(StringComparer.Ordinal);
            var unknown = SplitModels(input.ModelesAutorises).Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                errors[nameof(input.ModelesAutorises)] = unknown.Count == 1
                    ? $"Modèle inconnu : « {unknown[0]} ». Testez la connexion pour voir les modèles de cette clé."
                    : $"Modèles inconnus : {string.Join(", ", unknown.Select(m => $"« {m} »"))}. Testez la connexion pour voir les modèles de cette clé.";
            }
        }

        if (integration == Integration.Instagram && !string.IsNullOrWhiteSpace(input.TokenExpireAt)
            && !DateOnly.TryParseExact(input.TokenExpireAt.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors[nameof(input.TokenExpireAt)] = "Date invalide : choisissez une date d'expiration (jj/mm/aaaa).";
        }

        return errors;
    }

    /// <summary>Copies a valid input onto the connexion (call <see cref="Validate"/> first).</summary>
    public static void Apply(ConnexionInput input, Connexion connexion, bool isNetwork)
    {
        if (input.Actif && !connexion.Actif)
        {
            connexion.DateActivation = DateTimeOffset.UtcNow;
        }

        connexion.Actif = input.Actif;
        connexion.PartageAgences = isNetwork && input.PartageAgences;
        ParseLimit(input.LimiteQuotidienne, out var limit);
        connexion.LimiteQuotidienne = limit;
        if (input.NouvelleCle?.Trim() is { Length: > 0 } secret)
        {
            connexion.MainSecret = secret;
            connexion.StatutConnexion = ConnexionStatus.NonTestee;
            connexion.DerniereErreur = null;
        }

        var email = Blank(input.EmailCompte);
        switch (connexion)
        {
            case BrevoConnexion b:
                (b.EmailCompte, b.NomCompte, b.Commentaire) = (email, Blank(input.NomCompte), Blank(input.Commentaire));
                break;
            case ZohoConnexion z:
                (z.EmailCompte, z.NomCompte) = (email, Blank(input.NomCompte));
                break;
            case OpenaiConnexion o:
                (o.EmailCompte, o.OpenaiOrganisationId, o.ProjectId) = (email, Blank(input.OpenaiOrganisationId), Blank(input.ProjectId));
                o.ModelesAutorises = SplitModels(input.ModelesAutorises).ToList();
                ParseBudget(input.LimiteCoutMois, out var budget);
                o.LimiteCoutMois = budget;
                break;
            case InstagramConnexion i:
                (i.EmailCompte, i.PageId) = (email, Blank(input.PageId));
                if (input.NouvelleCleConnexion?.Trim() is { Length: > 0 } key)
                {
                    i.ConnexionKey = key;
                }

                // The field shows a day: posted back unchanged, it keeps Meta's exact expiry (or "never").
                if (Blank(input.TokenExpireAt) != ConnexionInput.ExpiryDay(i.TokenExpireAt))
                {
                    i.TokenExpireAt = DateOnly.TryParseExact(input.TokenExpireAt?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                        ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ConnexionQuota.Paris.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime()
                        : null;
                }
                break;
        }
    }

    public static IEnumerable<string> SplitModels(string? text) =>
        (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal);

    private static string? ParseLimit(string? text, out int? limit)
    {
        limit = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!long.TryParse(text.Trim().Replace(" ", "").Replace("\u202f", "").Replace("\u00a0", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return "Indiquez un nombre entier (par exemple 300), ou laissez vide pour ne pas limiter.";
        }

        if (value < 0)
        {
            return "La limite quotidienne ne peut pas être négative.";
        }

        if (value > MaxDailyLimit)
        {
            return $"Limite quotidienne trop élevée : {MaxDailyLimit.ToString("N0", French)} au plus.";
        }

        limit = (int)value;
        return null;
    }

    private static string? ParseBudget(string? text, out decimal? budget)
    {
        budget = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalised = text.Trim().Replace(" ", "").Replace("\u202f", "").Replace("\u00a0", "").Replace(',', '.');
        if (!decimal.TryParse(normalised, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return "Indiquez un montant (par exemple 50 ou 49,90), ou laissez vide pour ne pas limiter.";
        }

        if (value < 0)
        {
            return "Le budget mensuel ne peut pas être négatif.";
        }

        if (value > MaxMonthlyBudget)
        {
            return $"Budget mensuel trop élevé : {MaxMonthlyBudget.ToString("N0", French)} au plus.";
        }

        budget = decimal.Round(value, 4);
        return null;
    }

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal)
        && text.IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && text.LastIndexOf('.') > at + 1 && !text.EndsWith('.');

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
