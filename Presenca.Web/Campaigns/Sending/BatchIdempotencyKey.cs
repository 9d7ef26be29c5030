using System.Security.Cryptography;
using System.Text;

namespace Presenca.Web.Campaigns.Sending;

/// <summary>
/// The <c>idempotencyKey</c> Brevo receives for a batch: a name-based UUID (RFC 9562 version 5)
/// of the batch id in Presenca's own namespace.
/// </summary>
/// <remarks>
/// Derived, not random, so that a batch sent again (retry after a timeout, or a second worker
/// after the first one's lease expired) carries the same key and Brevo delivers it once.
/// Namespaced, not the batch id itself, so that a key can never collide with another kind of
/// Presenca send that would reuse an id. Brevo keeps keys for 30 minutes: a batch retried later
/// than that could be delivered twice, which is why the pipeline's lease and backoff stay well
/// below it.
/// </remarks>
public static class BatchIdempotencyKey
{
    private static readonly Guid Namespace = new("5b0f6f2e-3c1a-4d8e-9a57-6f1c2b7e4d90");

    public static Guid For(Guid batchId)
    {
        Span<byte> input = stackalloc byte[32];
        Namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        batchId.TryWriteBytes(input[16..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
