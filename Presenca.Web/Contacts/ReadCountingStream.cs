namespace Presenca.Web.Contacts;

/// <summary>
/// A read-only view of a file that tells how many bytes were read through it so far. An .xlsx
/// reader loads the whole shared-strings part before its first row (a second or more for
/// 100,000 addresses): the bytes read are the only sign of progress meanwhile.
/// </summary>
internal sealed class ReadCountingStream(Stream inner, Action<long> read) : Stream
{
    private long _total;

    public override bool CanRead => true;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int bytes)
    {
        _total += bytes;
        read(_total);
        return bytes;
    }
}
