using System.Globalization;
using System.Text;

namespace Presenca.Web.Contacts;

/// <summary>
/// How imported text becomes an address and a company: addresses trimmed with their domain
/// lower-cased and checked against reasonable RFC 5321 rules; company names matched on a key
/// that ignores case, accents and extra spaces.
/// </summary>
public static class ContactText
{
    public const int MaxEmailLength = 254;
    public const int MaxLocalPartLength = 64;
    public const int MaxDomainLength = 253;
    public const int MaxLabelLength = 63;

    /// <summary>The address to store, or null with the French reason it is refused.</summary>
    public static string? NormaliseEmail(string? raw, out string? problem)
    {
        var email = (raw ?? "").Trim();
        problem = Check(email);
        if (problem is not null)
        {
            return null;
        }

        var at = email.IndexOf('@');
        return string.Concat(email.AsSpan(0, at + 1), email[(at + 1)..].ToLowerInvariant());
    }

    private static string? Check(string email)
    {
        if (email.Length == 0)
        {
            return "Adresse e-mail manquante";
        }

        if (email.Any(char.IsWhiteSpace))
        {
            return "L'adresse contient un espace";
        }

        var at = email.IndexOf('@');
        if (at < 0)
        {
            return "Il manque le @";
        }

        if (email.IndexOf('@', at + 1) >= 0)
        {
            return "L'adresse contient plusieurs @";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"Adresse trop longue (plus de {MaxEmailLength} caractères)";
        }

        var local = email[..at];
        var domain = email[(at + 1)..];
        if (local.Length == 0)
        {
            return "Rien avant le @";
        }

        if (local.Length > MaxLocalPartLength)
        {
            return $"Partie avant le @ trop longue (plus de {MaxLocalPartLength} caractères)";
        }

        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "Point mal placé avant le @";
        }

        if (local.Any(c => c < 0x20 || c == 0x7f || "()<>[]:;,\\\"".Contains(c)))
        {
            return "Caractère non autorisé avant le @";
        }

        if (domain.Length == 0)
        {
            return "Domaine manquant après le @";
        }

        if (domain.Length > MaxDomainLength)
        {
            return "Domaine trop long";
        }

        if (!domain.Contains('.'))
        {
            return "Le domaine n'a pas de point (ex. : exemple.fr)";
        }

        foreach (var label in domain.Split('.'))
        {
            if (label.Length == 0)
            {
                return "Point mal placé dans le domaine";
            }

            if (label.Length > MaxLabelLength || label.StartsWith('-') || label.EndsWith('-')
                || label.Any(c => !(char.IsLetterOrDigit(c) || c == '-')))
            {
                return "Domaine invalide";
            }
        }

        return null;
    }

    /// <summary>The key two spellings of one company share: trimmed, single-spaced, lower-case, no accents.</summary>
    public static string OrganizationKey(string name)
    {
        var decomposed = CleanName(name).Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>A company name as stored: trimmed, runs of spaces collapsed to one.</summary>
    public static string CleanName(string? name) =>
        string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The key under which an address is unique for its owner (as the email_lower column).</summary>
    public static string EmailKey(string email) => email.ToLowerInvariant();
}
