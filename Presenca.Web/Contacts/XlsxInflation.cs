using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Presenca.Web.Contacts;

/// <summary>
/// Inflates every entry of an .xlsx archive into a small reused buffer, counting the bytes that
/// really come out, and stops as soon as they pass the limit. The sizes an archive declares are
/// not trusted: a zip bomb forges them small, and the sizes that decide are the ones counted here.
/// The entries are found through the central directory, as <see cref="ZipArchive"/> (and so the
/// sheet reader) finds them; each one is inflated from its local header to the end of its deflate
/// stream, whatever its declared compressed size says.
/// </summary>
public static class XlsxInflation
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;
    private const ushort Stored = 0;
    private const ushort Deflated = 8;

    /// <summary>What inflating the archive showed: the bytes inflated before stopping, and whether it is refused as a bomb.</summary>
    public readonly record struct Measure(long InflatedBytes, bool IsBomb);

    private readonly record struct Entry(string Name, ushort Method, long CompressedSize, long UncompressedSize, long LocalHeaderOffset);

    /// <exception cref="InvalidDataException">Not a zip archive this check can read (then not an .xlsx either).</exception>
    public static Measure Inflate(Stream content, ContactImportOptions options)
    {
        var entries = ReadCentralDirectory(content);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            foreach (var entry in entries)
            {
                var limit = options.MaxUncompressedBytes - total;
                if (IsSharedStrings(entry.Name))
                {
                    // The shared strings are the part the reader keeps whole in memory.
                    limit = Math.Min(limit, options.MaxSharedStringsBytes);
                }

                var inflated = InflateEntry(content, entry, buffer, limit);
                total += inflated;
                var lies = inflated > entry.UncompressedSize;
                var ratio = entry.CompressedSize == 0 ? (inflated == 0 ? 0 : long.MaxValue) : inflated / entry.CompressedSize;
                if (inflated > limit || lies || ratio > options.MaxCompressionRatio)
                {
                    return new Measure(total, IsBomb: true);
                }
            }

            return new Measure(total, IsBomb: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsSharedStrings(string name) =>
        Path.GetFileName(name).StartsWith("sharedStrings", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bytes the entry inflates to, counted until they pass the limit (then at most one buffer more).</summary>
    private static long InflateEntry(Stream content, Entry entry, byte[] buffer, long limit)
    {
        content.Position = entry.LocalHeaderOffset;
        Span<byte> header = stackalloc byte[30];
        content.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeader)
        {
            throw new InvalidDataException("Local header not found.");
        }

        content.Position = entry.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        if (entry.Method == Stored)
        {
            // Stored bytes are read as they are, at most the file's length.
            return Math.Min(entry.CompressedSize, content.Length - content.Position);
        }

        if (entry.Method != Deflated)
        {
            throw new InvalidDataException($"Compression method {entry.Method} is not used by spreadsheets.");
        }

        using var inflater = new DeflateStream(content, CompressionMode.Decompress, leaveOpen: true);
        long inflated = 0;
        int read;
        while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
        {
            inflated += read;
            if (inflated > limit)
            {
                break;
            }
        }

        return inflated;
    }

    private static List<Entry> ReadCentralDirectory(Stream content)
    {
        var length = content.Length;
        var tailLength = (int)Math.Min(length, 22 + ushort.MaxValue);
        var tail = new byte[tailLength];
        content.Position = length - tailLength;
        content.ReadExactly(tail);
        var end = -1;
        for (var i = tailLength - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectory)
            {
                end = i;
                break;
            }
        }

        if (end < 0)
        {
            throw new InvalidDataException("End of central directory not found.");
        }

        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(end + 10));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 12));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end + 16));
        if ((count == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue) && end >= 20
            && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 20)) == Zip64Locator)
        {
            var record = new byte[56];
            content.Position = (long)BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(end - 20 + 8));
            content.ReadExactly(record);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndOfCentralDirectory)
            {
                throw new InvalidDataException("Zip64 end of central directory not found.");
            }

            count = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
            size = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40));
            offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
        }

        if (offset < 0 || size < 0 || offset + size > length)
        {
            throw new InvalidDataException("Central directory out of the file.");
        }

        var directory = new byte[size];
        content.Position = offset;
        content.ReadExactly(directory);
        var entries = new List<Entry>();
        var at = 0;
        for (long i = 0; i < count; i++)
        {
            var record = directory.AsSpan(at);
            if (record.Length < 46 || BinaryPrimitives.ReadUInt32LittleEndian(record) != CentralHeader)
            {
                throw new InvalidDataException("Central directory entry not found.");
            }

            var method = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(record[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(record[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(record[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(record[32..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(record[42..]);
            if (record.Length < 46 + nameLength + extraLength + commentLength)
            {
                throw new InvalidDataException("Central directory entry cut short.");
            }

            var name = Encoding.UTF8.GetString(record.Slice(46, nameLength));
            ReadZip64Extra(record.Slice(46 + nameLength, extraLength), ref uncompressed, ref compressed, ref local);
            if (local < 0 || local >= length)
            {
                throw new InvalidDataException("Local header out of the file.");
            }

            entries.Add(new Entry(name, method, compressed, uncompressed, local));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return entries;
    }

    // The zip64 extra field holds, in this order, the sizes and offset whose 32-bit fields say 0xFFFFFFFF.
    private static void ReadZip64Extra(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long local)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (extra.Length < 4 + size)
            {
                return;
            }

            var data = extra.Slice(4, size);
            if (id == 1)
            {
                uncompressed = Next(ref data, uncompressed);
                compressed = Next(ref data, compressed);
                local = Next(ref data, local);
                return;
            }

            extra = extra[(4 + size)..];
        }
    }

    private static long Next(ref ReadOnlySpan<byte> data, long value)
    {
        if (value != uint.MaxValue || data.Length < 8)
        {
            return value;
        }

        var wide = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
        data = data[8..];
        return wide;
    }
}
