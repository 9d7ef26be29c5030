using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Presenca.Web.Contacts;

/// <summary>
/// Writes an .xlsx one row at a time (OpenXmlWriter), so an export of a million contacts never
/// sits in memory. Text that a spreadsheet could take for a formula is neutralised.
/// </summary>
public sealed class XlsxWorkbookWriter : IDisposable
{
    /// <summary>
    /// Where an export is written before it is sent: a file deleted when closed, because OpenXml
    /// needs a seekable stream and an export of 100,000 rows must not sit in memory.
    /// </summary>
    public static FileStream CreateTemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), $"presenca-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbook;
    private readonly List<(string Name, string PartId)> _sheets = [];

    public XlsxWorkbookWriter(Stream stream)
    {
        _document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        _workbook = _document.AddWorkbookPart();
    }

    public Sheet BeginSheet(string name)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        _sheets.Add((name, _workbook.GetIdOfPart(part)));
        return new Sheet(OpenXmlWriter.Create(part));
    }

    public void Dispose()
    {
        var sheets = new Sheets();
        uint id = 1;
        foreach (var (name, partId) in _sheets)
        {
            sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Name = name, SheetId = id++, Id = partId });
        }

        _workbook.Workbook = new Workbook(sheets);
        _workbook.Workbook.Save();
        _document.Dispose();
    }

    /// <summary>
    /// Cells starting with =, +, -, @, tab or carriage return get a leading apostrophe, so that no
    /// spreadsheet runs them as a formula (CSV/formula injection).
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public sealed class Sheet : IDisposable
    {
        private readonly OpenXmlWriter _writer;

        internal Sheet(OpenXmlWriter writer)
        {
            _writer = writer;
            _writer.WriteStartElement(new Worksheet());
            _writer.WriteStartElement(new SheetData());
        }

        public void WriteRow(params object?[] values)
        {
            _writer.WriteStartElement(new Row());
            foreach (var value in values)
            {
                switch (value)
                {
                    case null:
                        _writer.WriteElement(new Cell());
                        break;
                    case int or long or double or decimal:
                        _writer.WriteElement(new Cell
                        {
                            DataType = CellValues.Number,
                            CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
                        });
                        break;
                    default:
                        _writer.WriteElement(new Cell(new InlineString(new Text(Neutralise(ToText(value))) { Space = SpaceProcessingModeValues.Preserve }))
                        {
                            DataType = CellValues.InlineString,
                        });
                        break;
                }
            }

            _writer.WriteEndElement();
        }

        private static string ToText(object value) => value switch
        {
            bool flag => flag ? "oui" : "non",
            DateTimeOffset moment => moment.ToOffset(TimeSpan.Zero).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };

        public void Dispose()
        {
            _writer.WriteEndElement();
            _writer.WriteEndElement();
            _writer.Close();
        }
    }
}
