using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Presenca.Data.Identity;

namespace Presenca.Web.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/deconnexion", SignOutAsync);

    // A form post (the user menu's button) protected by antiforgery: a link elsewhere cannot sign anyone out.
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, SignInManager<PresencaUser> signInManager)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            // Plain French text: the status-code pages only fill responses that have no body.
            return TypedResults.Text("Formulaire expiré : rechargez la page et réessayez. Vous êtes toujours connecté(e).",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect("/connexion");
    }
}
