using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Presenca.Web.Contacts;

/// <summary>
/// Writes an .xlsx one row at a time, straight into the zip, so an export of a million contacts
/// never sits in memory. Text that a spreadsheet could take for a formula is neutralised.
/// The package is written by hand (five small XML parts around the sheets) because the OpenXML SDK
/// opens packages for reading too, and a zip open for reading keeps every part it writes in memory
/// until the end: about 100 MB of sheet XML for 200,000 contacts.
/// </summary>
public sealed class XlsxWorkbookWriter : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string ContentTypes = "http://schemas.openxmlformats.org/package/2006/content-types";
    private const string OfficeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true };

    /// <summary>
    /// Where an export is written before it is sent: a file deleted when closed, so that an export
    /// of 100,000 rows does not sit in memory and a failure leaves no half-sent download.
    /// </summary>
    public static FileStream CreateTemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), $"presenca-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private readonly ZipArchive _zip;
    private readonly List<string> _sheets = [];

    /// <summary>Writes into <paramref name="stream"/>, which stays open.</summary>
    public XlsxWorkbookWriter(Stream stream) => _zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);

    /// <summary>Starts the next sheet; dispose it before starting another (parts are written one after the other).</summary>
    public Sheet BeginSheet(string name)
    {
        _sheets.Add(name);
        return new Sheet(_zip.CreateEntry($"xl/worksheets/sheet{_sheets.Count}.xml", CompressionLevel.Optimal).Open());
    }

    public void Dispose()
    {
        Part("[Content_Types].xml", xml =>
        {
            xml.WriteStartElement("Types", ContentTypes);
            Element(xml, ContentTypes, "Default", ("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml"));
            Element(xml, ContentTypes, "Default", ("Extension", "xml"), ("ContentType", "application/xml"));
            Element(xml, ContentTypes, "Override", ("PartName", "/xl/workbook.xml"), ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"));
            for (var i = 1; i <= _sheets.Count; i++)
            {
                Element(xml, ContentTypes, "Override", ("PartName", $"/xl/worksheets/sheet{i}.xml"), ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"));
            }
        });
        Part("_rels/.rels", xml =>
        {
            xml.WriteStartElement("Relationships", Relationships);
            Element(xml, Relationships, "Relationship", ("Id", "rId1"), ("Type", $"{OfficeRelationships}/officeDocument"), ("Target", "xl/workbook.xml"));
        });
        Part("xl/workbook.xml", xml =>
        {
            xml.WriteStartElement("workbook", Main);
            xml.WriteAttributeString("xmlns", "r", null, OfficeRelationships);
            xml.WriteStartElement("sheets", Main);
            for (var i = 1; i <= _sheets.Count; i++)
            {
                xml.WriteStartElement("sheet", Main);
                xml.WriteAttributeString("name", _sheets[i - 1]);
                xml.WriteAttributeString("sheetId", i.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("id", OfficeRelationships, $"rId{i}");
                xml.WriteEndElement();
            }
        });
        Part("xl/_rels/workbook.xml.rels", xml =>
        {
            xml.WriteStartElement("Relationships", Relationships);
            for (var i = 1; i <= _sheets.Count; i++)
            {
                Element(xml, Relationships, "Relationship", ("Id", $"rId{i}"), ("Type", $"{OfficeRelationships}/worksheet"), ("Target", $"worksheets/sheet{i}.xml"));
            }
        });
        _zip.Dispose();
    }

    private void Part(string path, Action<XmlWriter> write)
    {
        using var xml = XmlWriter.Create(_zip.CreateEntry(path, CompressionLevel.Optimal).Open(), XmlSettings);
        xml.WriteStartDocument(true);
        write(xml);
        xml.WriteEndDocument();
    }

    private static void Element(XmlWriter xml, string ns, string name, params (string Name, string Value)[] attributes)
    {
        xml.WriteStartElement(name, ns);
        foreach (var (attribute, value) in attributes)
        {
            xml.WriteAttributeString(attribute, value);
        }

        xml.WriteEndElement();
    }

    /// <summary>
    /// Cells starting with =, +, -, @, tab or carriage return get a leading apostrophe, so that no
    /// spreadsheet runs them as a formula (CSV/formula injection).
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public sealed class Sheet : IDisposable
    {
        private readonly XmlWriter _xml;

        internal Sheet(Stream part)
        {
            _xml = XmlWriter.Create(part, XmlSettings);
            _xml.WriteStartDocument(true);
            _xml.WriteStartElement("worksheet", Main);
            _xml.WriteStartElement("sheetData", Main);
        }

        public void WriteRow(params object?[] values)
        {
            _xml.WriteStartElement("row", Main);
            foreach (var value in values)
            {
                _xml.WriteStartElement("c", Main);
                switch (value)
                {
                    case null:
                        break;
                    case int or long or double or decimal:
                        _xml.WriteAttributeString("t", "n");
                        _xml.WriteElementString("v", Main, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                    default:
                        _xml.WriteAttributeString("t", "inlineStr");
                        _xml.WriteStartElement("is", Main);
                        _xml.WriteStartElement("t", Main);
                        _xml.WriteAttributeString("xml", "space", null, "preserve");
                        _xml.WriteString(XmlText(Neutralise(ToText(value))));
                        _xml.WriteEndElement();
                        _xml.WriteEndElement();
                        break;
                }

                _xml.WriteEndElement();
            }

            _xml.WriteEndElement();
        }

        private static string ToText(object value) => value switch
        {
            bool flag => flag ? "oui" : "non",
            DateTimeOffset moment => moment.ToOffset(TimeSpan.Zero).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };

        // Control characters (a stray one in an imported file) cannot appear in XML at all: dropped.
        private static string XmlText(string text)
        {
            if (text.All(XmlConvert.IsXmlChar))
            {
                return text;
            }

            var kept = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (XmlConvert.IsXmlChar(text[i]))
                {
                    kept.Append(text[i]);
                }
                else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                {
                    kept.Append(text, i++, 2);
                }
            }

            return kept.ToString();
        }

        public void Dispose()
        {
            _xml.WriteEndElement();
            _xml.WriteEndElement();
            _xml.WriteEndDocument();
            _xml.Dispose();
        }
    }
}
