using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace Presenca.Web.Contacts;

/// <summary>
/// A row of a contact file: column A (company) and column B (address), as written. The header
/// row, when there is one, comes first with <see cref="IsHeader"/> set, so that the report can say
/// it was skipped.
/// </summary>
public readonly record struct ContactFileRow(int RowNumber, string Organization, string Email, bool IsHeader = false);

/// <summary>
/// Streams the first sheet of a contact file one row at a time (never the whole sheet in memory):
/// blank rows and extra columns ignored, a header row recognised and skipped, formulas read by
/// their cached value. CSV may use ; or , and be UTF-8 or Windows-1252.
/// </summary>
public static class ContactFileRows
{
    // Whole-cell labels, letters and digits only (see LabelKey): "Société Dupont" is a company, not
    // the label "Société".
    private static readonly HashSet<string> HeaderLabels = new(StringComparer.Ordinal)
    {
        "organisation", "organisations", "organization", "organizations", "nomorganisation", "nomdelorganisation",
        "societe", "nomsociete", "nomdelasociete", "entreprise", "nomentreprise", "nomdelentreprise", "raisonsociale",
        "company", "companyname", "nom", "name", "client", "compte", "account", "structure", "etablissement",
        "mail", "email", "emails", "courriel", "adresse", "adressemail", "adresseemail", "adressecourriel",
        "adresseelectronique", "adressedemessagerie", "emailaddress", "mailaddress", "contact", "destinataire",
    };

    static ContactFileRows() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IEnumerable<ContactFileRow> Read(Stream content, ContactFileKind kind)
    {
        using var reader = Open(content, kind);
        var rowNumber = 0;
        var seenData = false;
        while (reader.Read())
        {
            rowNumber++;
            var organization = Cell(reader, 0);
            var email = Cell(reader, 1);
            if (string.IsNullOrWhiteSpace(organization) && string.IsNullOrWhiteSpace(email))
            {
                continue;
            }

            if (!seenData)
            {
                seenData = true;
                if (IsHeader(organization, email))
                {
                    yield return new ContactFileRow(rowNumber, organization, email, IsHeader: true);
                    continue;
                }
            }

            yield return new ContactFileRow(rowNumber, organization, email);
        }
    }

    private static IExcelDataReader Open(Stream content, ContactFileKind kind)
    {
        var configuration = new ExcelReaderConfiguration { LeaveOpen = true };
        switch (kind)
        {
            case ContactFileKind.Xlsx:
                return ExcelReaderFactory.CreateOpenXmlReader(content, configuration);
            case ContactFileKind.Xls:
                return ExcelReaderFactory.CreateBinaryReader(content, configuration);
            default:
                configuration.FallbackEncoding = IsUtf8(content) ? new UTF8Encoding(false) : Encoding.GetEncoding(1252);
                configuration.AutodetectSeparators = [';', ',', '\t'];
                configuration.AnalyzeInitialCsvRows = 200;
                return ExcelReaderFactory.CreateCsvReader(content, configuration);
        }
    }

    private static string Cell(IExcelDataReader reader, int column)
    {
        if (column >= reader.FieldCount)
        {
            return "";
        }

        return reader.GetValue(column) switch
        {
            null => "",
            string text => text.Trim(),
            double number => number.ToString(CultureInfo.InvariantCulture),
            DateTime date => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString()?.Trim() ?? "",
        };
    }

    /// <summary>
    /// A first row is a header only when column B does not look like an address and one of its
    /// two cells is exactly a known label ("E-mail", "Société", "Nom de l'entreprise"…).
    /// </summary>
    internal static bool IsHeader(string organization, string email) =>
        !email.Contains('@') && (HeaderLabels.Contains(LabelKey(organization)) || HeaderLabels.Contains(LabelKey(email)));

    private static string LabelKey(string cell)
    {
        var key = ContactText.OrganizationKey(cell);
        return string.Concat(key.Where(char.IsLetterOrDigit));
    }

    /// <summary>Whether the whole file decodes as UTF-8 (a BOM says so at once); otherwise it is read as Windows-1252.</summary>
    private static bool IsUtf8(Stream content)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 4];
        content.Position = 0;
        try
        {
            int read;
            while ((read = content.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
