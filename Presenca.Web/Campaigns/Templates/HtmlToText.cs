using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Presenca.Web.Campaigns.Templates;

/// <summary>
/// Derives the plain-text part of an email from its HTML: tags stripped, links kept as
/// « texte (url) », block elements on their own lines, entities decoded, whitespace collapsed.
/// </summary>
/// <remarks>
/// Every campaign email is sent with a text part because spam filters penalise HTML-only mail
/// and some readers show text only; deriving it means authors write the email once. Regular
/// expressions suffice because Presenca's templates are authored email HTML, not arbitrary pages;
/// malformed markup degrades to slightly untidy text, never to lost words.
/// </remarks>
public static partial class HtmlToText
{
    public static string Convert(string html)
    {
        var text = Invisible().Replace(html, " ");
        text = SourceWhitespace().Replace(text, " ");
        text = Link().Replace(text, FormatLink);
        text = LineBreak().Replace(text, "\n");
        text = ListItem().Replace(text, "\n- ");
        text = Block().Replace(text, "\n\n");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);

        var builder = new StringBuilder(text.Length);
        var blankLines = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = InlineWhitespace().Replace(rawLine, " ").Trim();
            if (line.Length == 0)
            {
                blankLines++;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(blankLines > 0 ? "\n\n" : "\n");
            }

            builder.Append(line);
            blankLines = 0;
        }

        return builder.ToString();
    }

    private static string FormatLink(Match match)
    {
        var url = match.Groups["dq"].Success ? match.Groups["dq"].Value
            : match.Groups["sq"].Success ? match.Groups["sq"].Value
            : match.Groups["bare"].Value;
        var label = Tag().Replace(match.Groups["label"].Value, "").Trim();
        var decodedUrl = WebUtility.HtmlDecode(url).Trim();
        if (decodedUrl.Length == 0 || decodedUrl.StartsWith('#'))
        {
            return label;
        }

        if (label.Length == 0 || WebUtility.HtmlDecode(label).Trim() == decodedUrl)
        {
            return url;
        }

        return $"{label} ({url})";
    }

    [GeneratedRegex(@"<!--.*?-->|<(head|style|script|title)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SourceWhitespace();

    [GeneratedRegex(@"<a\b[^>]*?\bhref\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s>]+))[^>]*>(?<label>.*?)</a\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Link();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"</?(p|div|h[1-6]|table|tr|ul|ol|blockquote|hr|section|article|header|footer)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Block();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\u00A0\r\f\v]+")]
    private static partial Regex InlineWhitespace();
}
