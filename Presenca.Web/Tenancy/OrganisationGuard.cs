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

    // What such a user may still reach: the explanation, its account, signing out, error pages,
    // and what any page needs to run (Blazor's script and circuit hub, MudBlazor's files); inside
    // the circuit MainLayout applies the same rule to every navigation.
    private static readonly string[] OpenPrefixes =
        [Path, "/compte/", "/connexion", "/deconnexion", "/acces-refuse", "/introuvable", "/statut/", "/erreur", "/health", "/_blazor", "/_framework", "/_content"];

    public static bool Blocks(Caller caller, PathString path) =>
        caller.UserId is not null
        && !caller.IsAdmin
        && (caller.OrganisationId is null || caller.ClientId is null)
        && !OpenPrefixes.Any(prefix => path.StartsWithSegments(prefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UseOrganisationGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Files (styles, scripts) hold no tenant's data; the explanation page needs them.
            if (!System.IO.Path.HasExtension(context.Request.Path.Value) && Blocks(CallerClaims.Read(context.User), context.Request.Path))
            {
                context.Response.Redirect(Path);
                return;
            }

            await next(context);
        });
}
