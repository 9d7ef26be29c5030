using System.Text.RegularExpressions;
using Ganss.Xss;

namespace Presenca.Web.Campaigns.Drafting;

/// <summary>
/// Generated HTML is untrusted: it goes through HtmlSanitizer before it may enter a template
/// (scripts, event handlers, iframes, forms, javascript: links removed). Merge fields with a plain
/// name (<c>{{email}}</c>) survive it, also inside an <c>href</c>, where the sanitizer would
/// otherwise percent-encode the braces.
/// </summary>
public static partial class DraftHtml
{
    public static string Sanitize(string html)
    {
        var fields = new List<string>();
        var shielded = PlainField().Replace(html, match =>
        {
            fields.Add(match.Value);
            return $"presenca-champ-{fields.Count - 1}-fin";
        });
        var clean = new HtmlSanitizer().Sanitize(shielded);
        return Placeholder().Replace(clean, match => int.TryParse(match.Groups["index"].Value, out var i) && i < fields.Count ? fields[i] : "");
    }

    [GeneratedRegex(@"\{\{\s*[\p{L}\p{N}_.-]{1,64}\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlainField();

    [GeneratedRegex(@"presenca-champ-(?<index>\d+)-fin", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
