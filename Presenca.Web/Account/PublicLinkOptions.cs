namespace Presenca.Web.Account;

/// <summary>
/// Where people reach Presenca from outside (<c>Presenca:PublicBaseUrl</c>). Links handed to
/// users (set-password, invitations) are built on it: a circuit has no request to read a host
/// from, and a host header is the client's word anyway.
/// </summary>
public sealed class PublicLinkOptions
{
    public const string Section = "Presenca";

    public const string Setting = "Presenca:PublicBaseUrl";

    public string? PublicBaseUrl { get; set; }

    /// <summary>The configured address, or null when it is missing or not an absolute http(s) address.</summary>
    public Uri? BaseUri =>
        Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
