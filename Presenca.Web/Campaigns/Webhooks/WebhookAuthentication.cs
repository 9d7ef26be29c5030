using System.Security.Cryptography;
using System.Text;

namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// Checks the <c>Authorization</c> header of a Brevo webhook call against the connexion's
/// webhook secret. Brevo signs nothing (no HMAC), so the secret in the registered URL
/// (<c>https://brevo:&lt;secret&gt;@host/...</c>, sent as Basic) or the bearer token Brevo is
/// configured with is the only proof the call comes from Brevo.
/// </summary>
/// <remarks>
/// Compared in constant time over SHA-256 digests, so neither the content nor the length of the
/// secret leaks through response timing. A connexion without a secret accepts nothing: a
/// forgotten configuration must fail closed.
/// </remarks>
public static class WebhookAuthentication
{
    /// <summary>The user name of the Basic credentials Presenca asks Brevo to use.</summary>
    public const string BasicUser = "brevo";

    public static bool IsAuthorized(string? authorizationHeader, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return false;
        }

        var space = authorizationHeader.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var scheme = authorizationHeader[..space];
        var credentials = authorizationHeader[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return SameSecret(credentials, secret);
        }

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && TryDecodeBasic(credentials, out var user, out var password))
        {
            // Both compared, always, so that a wrong user name takes as long as a wrong password.
            var userMatches = SameSecret(user, BasicUser);
            var passwordMatches = SameSecret(password, secret);
            return userMatches & passwordMatches;
        }

        return false;
    }

    private static bool TryDecodeBasic(string encoded, out string user, out string password)
    {
        user = password = "";
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }

    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
