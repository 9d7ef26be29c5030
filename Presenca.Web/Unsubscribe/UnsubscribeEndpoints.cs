using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Antiforgery;

namespace Presenca.Web.Unsubscribe;

/// <summary>
/// The one-click unsubscribe of RFC 8058: mailbox providers (Gmail, Yahoo...) POST
/// <c>List-Unsubscribe=One-Click</c> to the <c>List-Unsubscribe</c> address, with no cookie and no
/// antiforgery token. The same address answers GET with the French page (<c>UnsubscribePage</c>);
/// a GET never unsubscribes, so that link scanners do not.
/// </summary>
public static class UnsubscribeEndpoints
{
    public const string OneClickField = "List-Unsubscribe";

    public const string OneClickValue = "One-Click";

    private const string PlainText = "text/plain; charset=utf-8";

    public static void MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(UnsubscribeLinks.Path + "/{token}", OneClickAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(UnsubscribeServices.RateLimitPolicy)
            // The page's component endpoint answers POST on the same path too (Blazor forms);
            // this one is tried first. The page's own buttons post to another path.
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = -1);

        // Link checkers probe with HEAD and OPTIONS: an answer without a body, never a change (and
        // not the sign-in redirect a method nobody mapped would get).
        app.MapMethods(UnsubscribeLinks.Path + "/{token}", [HttpMethods.Head], HeadAsync)
            .AllowAnonymous()
            // A HEAD has no body: the status code pages must not answer it with a GET page.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute())
            .RequireRateLimiting(UnsubscribeServices.RateLimitPolicy);
        app.MapMethods(UnsubscribeLinks.Path + "/{token}", [HttpMethods.Options], (HttpContext context) =>
            {
                context.Response.Headers.Allow = "GET, HEAD, POST";
                return Results.NoContent();
            })
            .AllowAnonymous()
            .RequireRateLimiting(UnsubscribeServices.RateLimitPolicy);

        // The page's two buttons: plain forms with their antiforgery token, then back to the page
        // (post/redirect/get), which shows where the contact now stands.
        // Their antiforgery token is checked here, to answer a stale form in French.
        app.MapPost(UnsubscribeLinks.Path + "/{token}/" + ConfirmAction, ConfirmAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(UnsubscribeServices.RateLimitPolicy);
        app.MapPost(UnsubscribeLinks.Path + "/{token}/" + UndoAction, UndoAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(UnsubscribeServices.RateLimitPolicy);
    }

    public const string ConfirmAction = "confirmer";

    public const string UndoAction = "annuler";

    private static async Task<IResult> HeadAsync(string token, HttpContext context, UnsubscribeTokens tokens, Unsubscriptions unsubscriptions) =>
        tokens.Read(token) is { } ticket && await unsubscriptions.ReadAsync(ticket, context.RequestAborted) is not null
            ? Results.Ok()
            : Results.NotFound();

    private static async Task<IResult> ConfirmAsync(string token, HttpContext context, IAntiforgery antiforgery, UnsubscribeTokens tokens, Unsubscriptions unsubscriptions)
    {
        if (!await IsConfirmedFormAsync(context, antiforgery))
        {
            return StaleForm();
        }

        if (tokens.Read(token) is { } ticket)
        {
            await unsubscriptions.UnsubscribeAsync(ticket, context.RequestAborted);
        }

        return Results.Redirect($"{UnsubscribeLinks.Path}/{Uri.EscapeDataString(token)}", preserveMethod: false);
    }

    private static async Task<IResult> UndoAsync(string token, HttpContext context, IAntiforgery antiforgery, UnsubscribeTokens tokens, Unsubscriptions unsubscriptions)
    {
        if (!await IsConfirmedFormAsync(context, antiforgery))
        {
            return StaleForm();
        }

        var resubscribed = tokens.Read(token) is { } ticket
            && await unsubscriptions.ResubscribeAsync(ticket, context.RequestAborted) is { Unsubscribed: false };
        return Results.Redirect($"{UnsubscribeLinks.Path}/{Uri.EscapeDataString(token)}{(resubscribed ? "?reinscrit=1" : "")}", preserveMethod: false);
    }

    private static IResult StaleForm() =>
        Results.Text("Le formulaire a expiré : rouvrez le lien de désinscription et réessayez. Rien n'a été modifié.", PlainText, statusCode: StatusCodes.Status400BadRequest);

    private static async Task<bool> IsConfirmedFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return false;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        return form["confirmation"] == "oui";
    }

    private static async Task<IResult> OneClickAsync(string token, HttpContext context, UnsubscribeTokens tokens, Unsubscriptions unsubscriptions)
    {
        if (tokens.Read(token) is not { } ticket)
        {
            return Results.Text("Lien de désinscription invalide.", PlainText, statusCode: StatusCodes.Status404NotFound);
        }

        if (!await IsOneClickAsync(context))
        {
            return Results.Text($"Requête non reconnue : une désinscription en un clic envoie {OneClickField}={OneClickValue}.", PlainText, statusCode: StatusCodes.Status400BadRequest);
        }

        // Whether the contact still exists is not said: both answers look alike to the sender.
        return await unsubscriptions.UnsubscribeAsync(ticket, context.RequestAborted) is null
            ? Results.Text("Lien de désinscription invalide.", PlainText, statusCode: StatusCodes.Status404NotFound)
            : Results.Text("Désinscription enregistrée.", PlainText);
    }

    private static async Task<bool> IsOneClickAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 4096;
        }

        if (!request.HasFormContentType || request.ContentLength > 4096)
        {
            return false;
        }

        try
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            return form.Count == 1 && form.TryGetValue(OneClickField, out var value) && value.Count == 1 && value[0] == OneClickValue;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        catch (BadHttpRequestException)
        {
            return false;
        }
    }
}
