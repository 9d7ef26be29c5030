using Presenca.Data.Tenancy;

namespace Presenca.Web.Tenancy;

/// <summary>
/// A signed-in user who is not an admin but whose cookie names no organisation or no client has
/// no tenant to work in: every data page is closed to it and it is sent to a page that says why.
/// The database would show it nothing anyway; this turns empty pages into a clear message.
/// </summary>
public static class OrganisationGuard
{
    public const string Path = "/sans-organisation";

    // What such a user may still reach: the explanation, its account, signing out, error pages.
    private static readonly string[] OpenPrefixes = [Path, "/compte/", "/connexion", "/deconnexion", "/acces-refuse", "/introuvable", "/statut/", "/erreur", "/health"];

    public static bool Blocks(Caller caller, PathString path) =>
        caller.UserId is not null
        && !caller.IsAdmin
        && (caller.OrganisationId is null || caller.ClientId is null)
        && !OpenPrefixes.Any(prefix => path.StartsWithSegments(prefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UseOrganisationGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Blocks(CallerClaims.Read(context.User), context.Request.Path))
            {
                context.Response.Redirect(Path);
                return;
            }

            await next(context);
        });
}
