using System.Text.RegularExpressions;
using Ganss.Xss;

namespace Presenca.Web.Campaigns.Drafting;

/// <summary>
/// Generated HTML is untrusted: it goes through HtmlSanitizer before it may enter a template
/// (scripts, event handlers, iframes, forms and their fields, javascript: links removed). Merge fields with a plain
/// name (<c>{{email}}</c>) survive it, also inside an <c>href</c>, where the sanitizer would
/// otherwise percent-encode the braces.
/// </summary>
public static partial class DraftHtml
{
    private static readonly string[] FormTags = ["form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend", "datalist", "output"];

    public static string Sanitize(string html)
    {
        var fields = new List<string>();
        var shielded = PlainField().Replace(html, match =>
        {
            fields.Add(match.Value);
            return $"presenca-champ-{fields.Count - 1}-fin";
        });
        var sanitizer = new HtmlSanitizer();
        // HtmlSanitizer keeps forms by default; an email has no use for them, a phishing one has.
        foreach (var tag in FormTags)
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        var clean = sanitizer.Sanitize(shielded);
        return Placeholder().Replace(clean, match => int.TryParse(match.Groups["index"].Value, out var i) && i < fields.Count ? fields[i] : "");
    }

    [GeneratedRegex(@"\{\{\s*[\p{L}\p{N}_.-]{1,64}\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlainField();

    [GeneratedRegex(@"presenca-champ-(?<index>\d+)-fin", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
