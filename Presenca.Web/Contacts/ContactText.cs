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

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>The address to store, or null with the French reason it is refused.</summary>
    public static string? NormaliseEmail(string? raw, out string? problem)
    {
        var email = (raw ?? "").Trim();
        problem = Check(email, out var normalised);
        return problem is null ? normalised : null;
    }

    /// <summary>
    /// A cell of column B as people fill it: a bare address, <c>Nom &lt;adresse&gt;</c>, a
    /// <c>mailto:</c> link. The address inside is read and the report says it was extracted; a cell
    /// holding several addresses is refused as such.
    /// </summary>
    public static EmailCell ReadEmailCell(string? raw)
    {
        var cell = (raw ?? "").Trim();
        if (ContactEmailCell.CountAddresses(cell) > 1)
        {
            return new EmailCell(null, null, "Plusieurs adresses dans la cellule", null);
        }

        var extractedFrom = ContactEmailCell.TryExtract(cell, out var address) ? $"adresse extraite de « {Shorten(cell)} »" : null;
        var email = NormaliseEmail(address, out var problem);
        if (email is null)
        {
            return new EmailCell(null, null, extractedFrom is null ? problem : $"{problem} ({extractedFrom})", null);
        }

        var ascii = AsciiAddress(email);
        return new EmailCell(email, ascii == email ? null : ascii, null, extractedFrom is null ? null : Capitalise(extractedFrom));
    }

    private static string? Check(string email, out string normalised)
    {
        normalised = email;
        if (email.Length == 0)
        {
            return "Adresse e-mail manquante";
        }

        if (InvisibleCharacter(email) is { } invisible)
        {
            return invisible < 0
                ? "L'adresse contient un caractère invalide"
                : $"L'adresse contient un caractère invisible ou de contrôle (U+{invisible:X4})";
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

        if (domain.Split('.').Any(label => label.Length == 0))
        {
            return "Point mal placé dans le domaine";
        }

        // An internationalised domain is checked in the ASCII form DNS and Brevo use (xn--…) and
        // kept in its Unicode form, so both spellings of one domain are one address.
        var ascii = (IsPlainAscii(domain) ? domain : ToAscii(domain))?.ToLowerInvariant();
        if (ascii is null)
        {
            return "Domaine invalide";
        }

        if (ascii.Length > MaxDomainLength || local.Length + 1 + ascii.Length > MaxEmailLength)
        {
            return "Domaine trop long";
        }

        foreach (var label in ascii.Split('.'))
        {
            if (label.Length == 0)
            {
                return "Point mal placé dans le domaine";
            }

            if (label.Length > MaxLabelLength || label.StartsWith('-') || label.EndsWith('-')
                || label.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                return "Domaine invalide";
            }
        }

        var unicode = ascii.Contains("xn--", StringComparison.Ordinal) ? ToUnicode(ascii) : ascii;
        if (unicode is null)
        {
            return "Domaine invalide";
        }

        var storedLocal = local.IsNormalized(NormalizationForm.FormC) ? local : local.Normalize(NormalizationForm.FormC);
        normalised = string.Concat(storedLocal, "@", unicode);
        return null;
    }

    /// <summary>
    /// The first format (Cf: zero-width, bidi controls, soft hyphen…) or control character of an
    /// address, -1 for a broken surrogate, null when there is none. Tabs and line breaks are left
    /// to the "espace" rule.
    /// </summary>
    private static int? InvisibleCharacter(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return -1;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Format || (category == UnicodeCategory.Control && !Rune.IsWhiteSpace(rune)))
            {
                return rune.Value;
            }

            i += used;
        }

        return null;
    }

    /// <summary>The address as Brevo and DNS take it: its domain in punycode (<c>xn--</c>), the rest as stored.</summary>
    public static string AsciiAddress(string email)
    {
        var at = email.LastIndexOf('@');
        if (at < 0 || IsPlainAscii(email.AsSpan(at + 1)))
        {
            return email;
        }

        return ToAscii(email[(at + 1)..]) is { } ascii ? string.Concat(email.AsSpan(0, at + 1), ascii) : email;
    }

    /// <summary>The address as Presenca stores and shows it: an <c>xn--</c> domain in Unicode (a Brevo webhook speaks punycode).</summary>
    public static string UnicodeAddress(string email)
    {
        var at = email.LastIndexOf('@');
        if (at < 0 || !email.AsSpan(at + 1).Contains("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return email;
        }

        return ToUnicode(email[(at + 1)..].ToLowerInvariant()) is { } unicode ? string.Concat(email.AsSpan(0, at + 1), unicode) : email;
    }

    private static string? ToAscii(string domain)
    {
        try
        {
            return Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? ToUnicode(string ascii)
    {
        try
        {
            // Round trip: an xn-- label that does not decode to a valid name is no domain.
            var unicode = Idn.GetUnicode(ascii);
            return Idn.GetAscii(unicode) == ascii ? unicode : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool IsPlainAscii(ReadOnlySpan<char> domain) =>
        Ascii.IsValid(domain) && !domain.Contains("xn--", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 119), "…");

    private static string Capitalise(string text) => string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));

    /// <summary>The key two spellings of one company share: trimmed, single-spaced, lower-case, no accents.</summary>
    public static string OrganizationKey(string name) => KeyOfCleanName(CleanName(name));

    /// <summary>The key of a name already passed through <see cref="CleanName"/>.</summary>
    public static string KeyOfCleanName(string clean)
    {
        var decomposed = clean.Normalize(NormalizationForm.FormD);
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

    /// <summary>
    /// A company name as stored: format characters (zero-width, bidi controls…) and other
    /// invisible controls removed, whitespace runs collapsed to one space, trimmed, in NFC. A name
    /// made only of those is empty: no company.
    /// </summary>
    public static string CleanName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        if (IsTidyAscii(name))
        {
            return name;
        }

        var clean = new StringBuilder(name.Length);
        Span<char> units = stackalloc char[2];
        var space = false;
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Format)
            {
                continue;
            }

            // Tabs and line breaks are controls too, but separate words.
            if (Rune.IsWhiteSpace(rune))
            {
                space = clean.Length > 0;
                continue;
            }

            if (category == UnicodeCategory.Control)
            {
                continue;
            }

            if (space)
            {
                clean.Append(' ');
                space = false;
            }

            clean.Append(units[..rune.EncodeToUtf16(units)]);
        }

        var text = clean.ToString();
        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    // Most names are printable ASCII with single spaces: nothing to clean, no allocation.
    private static bool IsTidyAscii(string name)
    {
        if (name[0] == ' ' || name[^1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is < ' ' or > '~' || (c == ' ' && name[i - 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units of a clean name, never half a character.</summary>
    public static string Cut(string clean, int maxLength)
    {
        if (clean.Length <= maxLength)
        {
            return clean;
        }

        var end = char.IsHighSurrogate(clean[maxLength - 1]) ? maxLength - 1 : maxLength;
        return clean[..end].TrimEnd();
    }

    /// <summary>The key under which an address is unique for its owner (as the email_lower column).</summary>
    public static string EmailKey(string email) => email.ToLowerInvariant();
}

/// <summary>
/// What a column-B cell yields: the address to store (and its punycode spelling when its domain
/// is internationalised), or why it is refused; and a note for the report when the address was
/// read out of a longer cell.
/// </summary>
public readonly record struct EmailCell(string? Email, string? AsciiEmail, string? Problem, string? Note);
