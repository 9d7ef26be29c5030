using System.IO.Compression;

namespace Presenca.Web.Contacts;

/// <summary>
/// Checks an uploaded contact file before anything is written: size, that its content is what its
/// extension says, and for .xlsx that the archive does not inflate out of proportion (zip bomb).
/// </summary>
public static class ContactFileInspector
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public const string AcceptedExtensions = ".xlsx,.xls,.csv";

    /// <summary>The kind of file, or why it is refused (see <see cref="ContactImportLabels.Of(ContactFileRefusal, ContactImportOptions)"/>).</summary>
    public static ContactFileKind? Inspect(string fileName, Stream content, long length, ContactImportOptions options, out ContactFileRefusal? refusal)
    {
        refusal = null;
        var kind = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".xlsx" => ContactFileKind.Xlsx,
            ".xls" => ContactFileKind.Xls,
            ".csv" => ContactFileKind.Csv,
            _ => (ContactFileKind?)null,
        };
        if (kind is null)
        {
            refusal = ContactFileRefusal.Extension;
            return null;
        }

        if (length == 0)
        {
            refusal = ContactFileRefusal.Empty;
            return null;
        }

        if (length > options.MaxFileBytes)
        {
            refusal = ContactFileRefusal.TooLarge;
            return null;
        }

        var head = new byte[512];
        content.Position = 0;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var start = head.AsSpan(0, read);
        content.Position = 0;

        var looksZip = start.StartsWith(ZipSignature);
        var looksOle = start.StartsWith(OleSignature);
        refusal = kind switch
        {
            ContactFileKind.Xlsx when !looksZip => ContactFileRefusal.NotXlsx,
            ContactFileKind.Xls when !looksOle => ContactFileRefusal.NotXls,
            ContactFileKind.Csv when looksZip || looksOle || start.Contains((byte)0) => ContactFileRefusal.NotCsv,
            _ => (ContactFileRefusal?)null,
        };
        if (refusal is null && kind == ContactFileKind.Xlsx)
        {
            refusal = CheckArchive(content, options);
            content.Position = 0;
        }

        return refusal is null ? kind : null;
    }

    private static ContactFileRefusal? CheckArchive(Stream content, ContactImportOptions options)
    {
        try
        {
            using var archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.GetEntry("[Content_Types].xml") is null || archive.GetEntry("xl/workbook.xml") is null)
            {
                return ContactFileRefusal.NotXlsx;
            }

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength == 0 ? (entry.Length == 0 ? 0 : long.MaxValue) : entry.Length / entry.CompressedLength;
                if (total > options.MaxUncompressedBytes || ratio > options.MaxCompressionRatio)
                {
                    return ContactFileRefusal.ZipBomb;
                }
            }

            // The declared sizes can be forged: what decides is what the entries really inflate to.
            return XlsxInflation.Inflate(content, options).IsBomb ? ContactFileRefusal.ZipBomb : null;
        }
        catch (InvalidDataException)
        {
            return ContactFileRefusal.NotXlsx;
        }
    }
}
