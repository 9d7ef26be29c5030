namespace Presenca.Web.Contacts;

/// <summary>
/// Reads the address out of a cell exported by Outlook, Gmail or a CRM:
/// <c>Jean Dupont &lt;jean@exemple.fr&gt;</c>, <c>"Dupont, Jean" &lt;jean@exemple.fr&gt;</c>,
/// <c>jean@exemple.fr (Jean Dupont)</c>, <c>mailto:jean@exemple.fr?subject=…</c>, and tells a cell
/// that lists several addresses.
/// </summary>
internal static class ContactEmailCell
{
    private const string MailtoScheme = "mailto:";

    /// <summary>
    /// How many addresses the cell lists: its parts split on commas, semicolons and spaces
    /// outside quotes and angle brackets, counting those with an @ (an @ inside a quoted display
    /// name does not count).
    /// </summary>
    public static int CountAddresses(string cell)
    {
        int count = 0, depth = 0;
        bool quoted = false, partHasAt = false;
        for (var i = 0; i < cell.Length; i++)
        {
            var c = cell[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            if (c == '"')
            {
                quoted = true;
            }
            else if (c == '<')
            {
                depth++;
            }
            else if (c == '>' && depth > 0)
            {
                // "<a@x.fr><b@x.fr>": a closed bracket ends an address even without a separator.
                if (--depth == 0)
                {
                    count += partHasAt ? 1 : 0;
                    partHasAt = false;
                }
            }
            else if (c == '@')
            {
                partHasAt = true;
            }
            else if (depth == 0 && (c is ',' or ';' || char.IsWhiteSpace(c)))
            {
                count += partHasAt ? 1 : 0;
                partHasAt = false;
            }
        }

        return count + (partHasAt ? 1 : 0);
    }

    /// <summary>The address inside a display-name, comment or mailto: form; false (and the cell itself) for anything else.</summary>
    public static bool TryExtract(string cell, out string address)
    {
        address = cell;
        var inner = cell;
        if (cell.EndsWith('>') && LastOutsideQuotes(cell, '<') is var open and >= 0)
        {
            inner = cell[(open + 1)..^1].Trim();
        }
        else if (cell.EndsWith(')') && FirstOutsideQuotes(cell, '(') is var paren and > 0)
        {
            var head = cell[..paren].Trim();
            if (head.Contains('@') && !head.Any(char.IsWhiteSpace))
            {
                inner = head;
            }
        }

        if (inner.StartsWith(MailtoScheme, StringComparison.OrdinalIgnoreCase))
        {
            inner = inner[MailtoScheme.Length..];
            var query = inner.IndexOf('?');
            if (query >= 0)
            {
                inner = inner[..query];
            }

            inner = Unescape(inner).Trim();
        }

        if (ReferenceEquals(inner, cell) || inner.Length == 0)
        {
            return false;
        }

        address = inner;
        return true;
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('%'))
        {
            return text;
        }

        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    private static int LastOutsideQuotes(string text, char wanted)
    {
        var found = -1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == wanted)
            {
                found = i;
            }
        }

        return found;
    }

    private static int FirstOutsideQuotes(string text, char wanted)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == wanted)
            {
                return i;
            }
        }

        return -1;
    }
}
