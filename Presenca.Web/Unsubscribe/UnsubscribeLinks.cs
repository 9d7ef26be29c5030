using Microsoft.Extensions.Options;
using Presenca.Web.Account;

namespace Presenca.Web.Unsubscribe;

/// <summary>
/// The addresses of unsubscribe links, on the configured public address (<see cref="PublicLinkOptions"/>):
/// a worker has no request to read a host from, and the link must reach Presenca from any mailbox.
/// </summary>
public sealed class UnsubscribeLinks(IOptions<PublicLinkOptions> options, UnsubscribeTokens tokens)
{
    public const string Path = "/desinscription";

    /// <summary>Why campaign emails cannot carry their link, in French; null when the public address is configured.</summary>
    public string? ConfigurationError => options.Value.BaseUri is null
        ? $"L'envoi ne peut pas commencer : l'adresse publique de Presenca, qui sert aux liens de désinscription, n'est pas configurée (paramètre {PublicLinkOptions.Setting})."
        : null;

    /// <summary>The link for one recipient of one campaign.</summary>
    public string For(UnsubscribeTicket ticket) => Absolute($"{Path}/{tokens.Create(ticket)}");

    /// <summary>
    /// What <c>{{desinscription}}</c> shows in previews and test sends, which have no recipient to
    /// unsubscribe: a link that opens the page's "lien invalide" answer.
    /// </summary>
    public string Example => options.Value.BaseUri is null ? "https://presenca.invalid/desinscription/exemple" : Absolute($"{Path}/exemple");

    private string Absolute(string path)
    {
        var baseUri = options.Value.BaseUri ?? throw new InvalidOperationException(ConfigurationError);
        // Relative to the base's folder, so a Presenca served under /presenca/ keeps that prefix.
        var folder = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        return new Uri(folder, path.TrimStart('/')).ToString();
    }
}
