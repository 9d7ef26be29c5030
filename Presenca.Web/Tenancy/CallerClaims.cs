using System.Security.Claims;
using Presenca.Data.Identity;
using Presenca.Data.Modeling;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Tenancy;

/// <summary>The one place that writes a caller into the sign-in cookie and reads it back.</summary>
public static class CallerClaims
{
    public const string OrganisationId = "presenca:organisation_id";
    public const string ClientId = "presenca:client_id";
    public const string ReseauId = "presenca:reseau_id";
    public const string NomComplet = "presenca:nom_complet";

    /// <summary>Every claim type this class writes: nothing else may supply them.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        ClaimTypes.Role, OrganisationId, ClientId, ReseauId, NomComplet,
    };

    public static IEnumerable<Claim> For(PresencaUser user, Guid? reseauId)
    {
        yield return new Claim(ClaimTypes.Role, SnakeCaseEnumConverter<UserRole>.ToText(user.Role));
        yield return new Claim(NomComplet, user.NomComplet);
        if (user.OrganisationId is { } organisation)
        {
            yield return new Claim(OrganisationId, organisation.ToString());
        }

        if (user.ClientId is { } client)
        {
            yield return new Claim(ClientId, client.ToString());
        }

        if (reseauId is { } reseau)
        {
            yield return new Claim(ReseauId, reseau.ToString());
        }
    }

    public static Caller Read(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            || principal.FindFirstValue(ClaimTypes.Role) is not { } roleText)
        {
            return Caller.Anonymous;
        }

        return new Caller(
            userId,
            ReadGuid(principal, OrganisationId),
            ReadGuid(principal, ClientId),
            SnakeCaseEnumConverter<UserRole>.FromText(roleText),
            ReadGuid(principal, ReseauId));
    }

    private static Guid? ReadGuid(ClaimsPrincipal principal, string type) =>
        Guid.TryParse(principal.FindFirstValue(type), out var value) ? value : null;
}
