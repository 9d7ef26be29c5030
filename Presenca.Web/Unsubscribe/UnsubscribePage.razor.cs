using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Diagnostics;

namespace Presenca.Web.Unsubscribe;

/// <summary>
/// The public unsubscribe page (static SSR, anonymous). A GET only reads: it shows the sender's
/// name and where the contact stands, nothing else of the client; the buttons post plain forms.
/// An unknown, altered, cut or expired token, or one whose contact is gone, gives "Lien invalide"
/// with a 404, the same answer whatever the reason, so that nothing tells whether an address exists.
/// </summary>
public sealed partial class UnsubscribePage
{
    private UnsubscribeState? _state;

    [Parameter]
    public string Token { get; set; } = "";

    [SupplyParameterFromQuery(Name = "reinscrit")]
    public string? Reinscrit { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private UnsubscribeTokens Tokens { get; set; } = default!;

    [Inject]
    private Unsubscriptions Unsubscriptions { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        HttpContext.Response.Headers.CacheControl = "no-store";
        _state = Tokens.Read(Token) is { } ticket ? await Unsubscriptions.ReadAsync(ticket, HttpContext.RequestAborted) : null;
        if (_state is null)
        {
            // This page's own French answer, not the generic "introuvable" one: the 404 is set as
            // the headers leave, once the page is rendered (a 404 set before would make the
            // renderer leave the body to the status code pages).
            if (HttpContext.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            var response = HttpContext.Response;
            response.OnStarting(() =>
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }
    }

    private string ActionPath(string action) => $"{UnsubscribeLinks.Path}/{Uri.EscapeDataString(Token)}/{action}";
}
