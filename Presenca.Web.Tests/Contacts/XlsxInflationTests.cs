using Presenca.Web.Contacts;

namespace Presenca.Web.Tests.Contacts;

/// <summary>Zip bombs whose headers lie about their sizes (issue 13, item 4).</summary>
public sealed class XlsxInflationTests
{
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public void A_forged_bomb_is_refused_after_inflating_no_more_than_the_limit_into_a_small_buffer()
    {
        var options = new ContactImportOptions { MaxUncompressedBytes = 16 * Megabyte };
        using var file = new MemoryStream(ForgedZipBomb.Make(64 * Megabyte));

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var measure = XlsxInflation.Inflate(file, options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.True(measure.IsBomb);
        // Stopped within one 64 KB buffer of the limit, not after the 64 MB the entry holds.
        Assert.InRange(measure.InflatedBytes, options.MaxUncompressedBytes + 1, options.MaxUncompressedBytes + 64 * 1024);
        // Nothing inflated is kept: the managed allocations stay far below what went through.
        Assert.True(allocated < 2 * Megabyte, $"{allocated} bytes allocated while inflating {measure.InflatedBytes}");
        Assert.Null(ContactFileInspector.Inspect("bombe.xlsx", file, file.Length, options, out var refusal));
        Assert.Equal(ContactFileRefusal.ZipBomb, refusal);
    }

    [Fact]
    public void An_entry_inflating_to_more_than_it_declares_is_refused_even_under_the_limit()
    {
        // Random bytes: an ordinary ratio, only the declared size lies.
        using var file = new MemoryStream(ForgedZipBomb.Make(2 * Megabyte, incompressible: true));

        var measure = XlsxInflation.Inflate(file, new ContactImportOptions());

        Assert.True(measure.IsBomb);
        Assert.Null(ContactFileInspector.Inspect("bombe.xlsx", file, file.Length, new ContactImportOptions(), out var refusal));
        Assert.Equal(ContactFileRefusal.ZipBomb, refusal);
    }

    [Fact]
    public void Shared_strings_past_their_own_limit_are_refused()
    {
        var rows = Enumerable.Range(0, 2000).Select(i => new[] { $"Organisation {i}", $"personne{i}@shared.fr" }).ToArray();
        using var file = new MemoryStream(SharedStringsWorkbook(rows));

        Assert.False(XlsxInflation.Inflate(file, new ContactImportOptions()).IsBomb);
        Assert.True(XlsxInflation.Inflate(file, new ContactImportOptions { MaxSharedStringsBytes = 10_000 }).IsBomb);
    }

    [Fact]
    public void A_real_workbook_passes_and_its_inflated_size_is_counted_exactly()
    {
        var bytes = ContactFixtures.Xlsx(["Organisation", "Adresse e-mail"], ["Acme", "a@real.fr"]);
        using var file = new MemoryStream(bytes);
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));

        var measure = XlsxInflation.Inflate(file, new ContactImportOptions());

        Assert.False(measure.IsBomb);
        Assert.Equal(archive.Entries.Sum(e => e.Length), measure.InflatedBytes);
        Assert.Equal(ContactFileKind.Xlsx, ContactFileInspector.Inspect("vrai.xlsx", file, file.Length, new ContactImportOptions(), out _));
    }

    /// <summary>A workbook whose text lives in xl/sharedStrings.xml, as spreadsheet programs write it.</summary>
    private static byte[] SharedStringsWorkbook(string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.SharedStringTablePart>();
            var table = new DocumentFormat.OpenXml.Spreadsheet.SharedStringTable();
            var sheetPart = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
            var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
            var index = 0;
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new DocumentFormat.OpenXml.Spreadsheet.Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    table.Append(new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(rows[r][c])));
                    row.Append(new DocumentFormat.OpenXml.Spreadsheet.Cell(new DocumentFormat.OpenXml.Spreadsheet.CellValue(index++))
                    {
                        CellReference = $"{(char)('A' + c)}{r + 1}",
                        DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString,
                    });
                }

                data.Append(row);
            }

            strings.SharedStringTable = table;
            sheetPart.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(data);
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new DocumentFormat.OpenXml.Spreadsheet.Sheets(
                new DocumentFormat.OpenXml.Spreadsheet.Sheet { Name = "Feuil1", SheetId = 1, Id = workbook.GetIdOfPart(sheetPart) }));
        }

        return stream.ToArray();
    }
}
