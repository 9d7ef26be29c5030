using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Presenca.Data.Identity;

namespace Presenca.Web.Account;

/// <summary>
/// One-time links to choose a password: Identity's password-reset token, bound to the user's
/// security stamp, so setting the password (which renews the stamp) spends every link issued
/// before. No SMTP here: the inviter copies the link shown on screen.
/// </summary>
public sealed class SetPasswordLinks(UserManager<PresencaUser> users)
{
    public const string Path = "/compte/definir-mot-de-passe";

    public async Task<string> CreateAsync(PresencaUser user, HttpRequest request)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var encoded = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        return $"{request.Scheme}://{request.Host}{Path}?compte={Uri.EscapeDataString(user.UserName ?? "")}&jeton={encoded}";
    }

    /// <summary>The token of a link, or null when the text is not one we could have issued.</summary>
    public static string? Decode(string? jeton)
    {
        if (string.IsNullOrWhiteSpace(jeton))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(jeton));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
