using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Presenca.Web.Tests.Contacts;

/// <summary>
/// A real workbook plus an entry (of zeros by default) whose sizes are then forged small in both its local
/// header and the central directory, as a hostile file would: the declared sizes pass any check
/// that believes them.
/// </summary>
internal static class ForgedZipBomb
{
    public const string EntryName = "xl/media/padding.bin";
    public const uint DeclaredSize = 4096;

    /// <param name="incompressible">Random bytes instead of zeros: the entry then lies about its size without an abnormal ratio.</param>
    public static byte[] Make(long bytesInside, bool incompressible = false)
    {
        using var stream = new MemoryStream();
        stream.Write(ContactFixtures.Xlsx(["Acme", "a@forged-bomb.fr"]));
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var padding = archive.CreateEntry(EntryName, CompressionLevel.Fastest).Open();
            var chunk = new byte[1024 * 1024];
            var random = new Random(13);
            for (long written = 0; written < bytesInside; written += chunk.Length)
            {
                if (incompressible)
                {
                    random.NextBytes(chunk);
                }

                padding.Write(chunk, 0, (int)Math.Min(chunk.Length, bytesInside - written));
            }
        }

        var bytes = stream.ToArray();
        var name = Encoding.ASCII.GetBytes(EntryName);
        var patched = 0;
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), DeclaredSize);
                patched++;
            }
            else if (signature == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), DeclaredSize);
                patched++;
            }
        }

        if (patched != 2)
        {
            throw new InvalidOperationException($"Expected to forge 2 headers, forged {patched}.");
        }

        // The lie holds: the archive now says the entry is small.
        using (var check = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            if (check.GetEntry(EntryName)!.Length != DeclaredSize)
            {
                throw new InvalidOperationException("The forged size was not read back.");
            }
        }

        return bytes;
    }
}
