using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Presenca.Web.Unsubscribe;

/// <summary>What an unsubscribe link names: one contact of one client, for one campaign. Ids only, never the address.</summary>
public sealed record UnsubscribeTicket(Guid OrganisationId, Guid ClientId, Guid ContactId, Guid CampaignId);

/// <summary>
/// The token of an unsubscribe link: the four ids of a <see cref="UnsubscribeTicket"/>, encrypted
/// and signed by Data Protection under a purpose of their own, with an expiry, in Base64Url.
/// </summary>
/// <remarks>
/// Data Protection rather than a hand-made HMAC: its key ring already lives in PostgreSQL, shared
/// by every instance and worker and never purged, so a link written by a worker is read by any web
/// instance, and a key rotated since still opens the links it signed. A changed, cut or expired
/// token fails authentication and reads as no ticket at all. 180 days, three times what a mailbox
/// provider expects, so an old email in an archive still unsubscribes.
/// </remarks>
public sealed class UnsubscribeTokens(IDataProtectionProvider provider)
{
    public const string Purpose = "Presenca.Unsubscribe.v1";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private const int PayloadLength = 64;

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Create(UnsubscribeTicket ticket) => Create(ticket, DateTimeOffset.UtcNow + Lifetime);

    /// <summary>A token that expires at <paramref name="expiresAt"/> (tests make expired ones).</summary>
    public string Create(UnsubscribeTicket ticket, DateTimeOffset expiresAt)
    {
        var payload = new byte[PayloadLength];
        ticket.OrganisationId.TryWriteBytes(payload.AsSpan(0, 16));
        ticket.ClientId.TryWriteBytes(payload.AsSpan(16, 16));
        ticket.ContactId.TryWriteBytes(payload.AsSpan(32, 16));
        ticket.CampaignId.TryWriteBytes(payload.AsSpan(48, 16));
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload, expiresAt));
    }

    /// <summary>The ticket of a token we issued and that has not expired; null for anything else.</summary>
    public UnsubscribeTicket? Read(string? token)
    {
        // A real token is about 200 characters; refusing giants spares the decoder.
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token), out _);
            return payload.Length != PayloadLength
                ? null
                : new UnsubscribeTicket(
                    new Guid(payload.AsSpan(0, 16)),
                    new Guid(payload.AsSpan(16, 16)),
                    new Guid(payload.AsSpan(32, 16)),
                    new Guid(payload.AsSpan(48, 16)));
        }
        catch (FormatException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
