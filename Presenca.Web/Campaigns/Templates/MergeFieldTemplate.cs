using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Presenca.Web.Campaigns.Templates;

/// <summary>
/// A subject or HTML body with merge fields such as <c>{{email}}</c>, <c>{{organisation}}</c> or
/// any contact field (<c>{{ prenom }}</c>; spaces inside the braces and letter case do not matter).
/// </summary>
/// <remarks>
/// Presenca renders merge fields itself and sends each recipient's finished HTML as a
/// messageVersion, instead of handing <c>{{params.x}}</c> to Brevo's template language: the
/// preview then shows exactly what will be sent, unknown fields are caught before sending
/// rather than silently rendered empty by Brevo, and the sandbox needs no template engine.
/// Parsed once per campaign, rendered once per recipient without regular expressions.
/// </remarks>
public sealed partial class MergeFieldTemplate
{
    private readonly List<Segment> _segments;

    private MergeFieldTemplate(string source, List<Segment> segments)
    {
        Source = source;
        _segments = segments;
        Fields = segments.Where(s => s.Field is not null).Select(s => s.Field!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public string Source { get; }

    /// <summary>The merge fields used, each once, in order of first appearance, as written.</summary>
    public IReadOnlyList<string> Fields { get; }

    public static MergeFieldTemplate Parse(string source)
    {
        var segments = new List<Segment>();
        var position = 0;
        foreach (Match match in FieldPattern().Matches(source))
        {
            if (match.Index > position)
            {
                segments.Add(new Segment(source[position..match.Index], null));
            }

            segments.Add(new Segment(match.Value, match.Groups["name"].Value));
            position = match.Index + match.Length;
        }

        if (position < source.Length)
        {
            segments.Add(new Segment(source[position..], null));
        }

        return new MergeFieldTemplate(source, segments);
    }

    /// <summary>
    /// The fields of this template that <paramref name="knownFields"/> does not contain, as
    /// written, so the editor can say « Champ de fusion inconnu : {{prenon}} » before sending.
    /// </summary>
    public IReadOnlyList<string> UnknownFields(IEnumerable<string> knownFields)
    {
        var known = new HashSet<string>(knownFields, StringComparer.OrdinalIgnoreCase);
        return Fields.Where(f => !known.Contains(f)).ToList();
    }

    /// <summary>
    /// Replaces every field by its value (a field without a value renders empty). In HTML, values
    /// are HTML-encoded: contact data is user input and must never become markup.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, string?> values, bool htmlEncode)
    {
        var builder = new StringBuilder(Source.Length + 64);
        foreach (var segment in _segments)
        {
            if (segment.Field is null)
            {
                builder.Append(segment.Text);
                continue;
            }

            var value = values.TryGetValue(segment.Field, out var found) ? found ?? "" : "";
            builder.Append(htmlEncode ? WebUtility.HtmlEncode(value) : value);
        }

        return builder.ToString();
    }

    // Any {{ ... }} is a field: a misspelt or invalid name must be reported, not sent as is.
    [GeneratedRegex(@"\{\{\s*(?<name>[^{}]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();

    private sealed record Segment(string Text, string? Field);
}
