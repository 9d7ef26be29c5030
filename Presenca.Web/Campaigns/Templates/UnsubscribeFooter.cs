using System.Text.RegularExpressions;

namespace Presenca.Web.Campaigns.Templates;

/// <summary>
/// The French footer added to a campaign body that has no <c>{{desinscription}}</c>: who sends the
/// email and a link to stop receiving it. The text part, derived from the HTML, carries it too.
/// </summary>
public static partial class UnsubscribeFooter
{
    public static string Html(string senderName)
    {
        // The name is text, never markup, and never a merge field; accents stay as they are.
        var name = senderName
            .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("{", "&#123;", StringComparison.Ordinal).Replace("}", "&#125;", StringComparison.Ordinal);
        return "<hr style=\"border:none;border-top:1px solid #dddddd;margin:24px 0 12px\" />"
            + $"<p style=\"font-size:12px;color:#555555\">Vous recevez cet e-mail de la part de {name}. "
            + "Pour ne plus recevoir ses campagnes, <a href=\"{{desinscription}}\">désinscrivez-vous</a>.</p>";
    }

    /// <summary>The footer inside the body's last <c>&lt;/body&gt;</c>, or after everything when there is none.</summary>
    public static string AppendTo(string html, string senderName)
    {
        var footer = Html(senderName);
        var body = BodyEnd().Match(html);
        return body.Success ? html.Insert(body.Index, footer) : html + "\n" + footer;
    }

    [GeneratedRegex(@"</body\s*>", RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex BodyEnd();
}
