using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Presenca.Data.Identity;

namespace Presenca.Web.Account;

/// <summary>
/// One-time links to choose a password: Identity's password-reset token, bound to the user's
/// security stamp, so setting the password (which renews the stamp) spends every link issued
/// before. No SMTP here: the inviter copies the link shown on screen. The link starts with the
/// configured public address (<see cref="PublicLinkOptions"/>), never with a request's host.
/// </summary>
public sealed class SetPasswordLinks(UserManager<PresencaUser> users, IOptions<PublicLinkOptions> options)
{
    public const string Path = "/compte/definir-mot-de-passe";

    /// <summary>Why no link can be made, in French; null when the public address is configured.</summary>
    public string? ConfigurationError => options.Value.BaseUri is null
        ? $"Le lien ne peut pas être créé : l'adresse publique de Presenca n'est pas configurée (paramètre {PublicLinkOptions.Setting})."
        : null;

    public async Task<string> CreateAsync(PresencaUser user)
    {
        var baseUri = options.Value.BaseUri ?? throw new InvalidOperationException(ConfigurationError);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var encoded = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        // Relative to the base's folder, so a Presenca served under /presenca/ keeps that prefix.
        var folder = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        return new Uri(folder, $"{Path.TrimStart('/')}?compte={Uri.EscapeDataString(user.UserName ?? "")}&jeton={encoded}").ToString();
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
