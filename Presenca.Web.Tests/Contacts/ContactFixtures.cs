using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ExcelDataReader;

namespace Presenca.Web.Tests.Contacts;

/// <summary>Real contact files made in the test: .xlsx written with the Open XML SDK, .csv in UTF-8 or Windows-1252.</summary>
public static class ContactFixtures
{
    static ContactFixtures() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A cell whose text starts with '=' is written as a formula with that cached value after '|': "=B1|x@y.fr".</summary>
    public static byte[] Xlsx(params string?[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var value = rows[r][c];
                    if (value is null)
                    {
                        continue;
                    }

                    var reference = $"{(char)('A' + c)}{r + 1}";
                    if (value.StartsWith('=') && value.Contains('|'))
                    {
                        var parts = value.Split('|', 2);
                        row.Append(new Cell(new CellFormula(parts[0][1..]), new CellValue(parts[1])) { CellReference = reference, DataType = CellValues.String });
                    }
                    else
                    {
                        row.Append(new Cell(new InlineString(new Text(value))) { CellReference = reference, DataType = CellValues.InlineString });
                    }
                }

                if (row.HasChildren)
                {
                    data.Append(row);
                }
            }

            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Feuil1", SheetId = 1, Id = workbook.GetIdOfPart(sheetPart) }));
        }

        return stream.ToArray();
    }

    public static byte[] Csv(Encoding encoding, char separator, params string[][] rows)
    {
        var text = string.Join("\r\n", rows.Select(r => string.Join(separator, r))) + "\r\n";
        return encoding.GetBytes(text);
    }

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    public static Encoding Utf8NoBom => new UTF8Encoding(false);

    /// <summary>The rows of every sheet of a downloaded .xlsx, as text, by sheet name.</summary>
    public static Dictionary<string, List<string[]>> ReadWorkbook(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var sheets = new Dictionary<string, List<string[]>>();
        do
        {
            var rows = new List<string[]>();
            while (reader.Read())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray());
            }

            sheets[reader.Name] = rows;
        }
        while (reader.NextResult());
        return sheets;
    }
}
