using System.Text.RegularExpressions;

namespace Presenca.Web.Campaigns.Drafting;

/// <summary>
/// The draft as streamed so far, read in the format the instructions ask for: "Objet :" and two
/// "Variante :" lines, a line "---", then the HTML body. Re-read on every chunk, so a partial line
/// shows as it grows.
/// </summary>
public sealed partial record DraftText(string Subject, IReadOnlyList<string> Alternatives, string Body, bool BodyStarted)
{
    public static readonly DraftText Empty = new("", [], "", false);

    public static DraftText Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var subject = "";
        var alternatives = new List<string>();
        var separator = Array.FindIndex(lines, l => l.Trim() == "---");
        var header = separator < 0 ? lines : lines[..separator];
        foreach (var line in header)
        {
            var match = HeaderLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["value"].Value.Trim();
            if (match.Groups["kind"].Value.StartsWith('O') || match.Groups["kind"].Value.StartsWith('o'))
            {
                subject = subject.Length == 0 ? value : subject;
            }
            else if (value.Length > 0)
            {
                alternatives.Add(value);
            }
        }

        if (separator < 0)
        {
            return new DraftText(subject, alternatives, "", false);
        }

        // Models sometimes wrap HTML in a Markdown fence: the fence lines are not part of the body.
        var body = string.Join('\n', lines[(separator + 1)..].Where(l => !l.TrimStart().StartsWith("```", StringComparison.Ordinal))).Trim();
        return new DraftText(subject, alternatives, body, true);
    }

    [GeneratedRegex(@"^\s*(?<kind>Objet|Variante)\s*\d*\s*:\s*(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();
}
