using Presenca.Data.Modeling;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Administration;

/// <summary>Who may open the administration pages: admins everywhere, directors for their network.</summary>
public static class AdministrationAccess
{
    /// <summary>Admins and directors; agency staff get the French 403 page.</summary>
    public const string Policy = "administration";

    /// <summary>Admins only (organisations, networks).</summary>
    public const string AdminPolicy = "administration-admin";

    public static readonly string AdminRole = SnakeCaseEnumConverter<UserRole>.ToText(UserRole.AdminPresenca);

    public static readonly string DirectorRole = SnakeCaseEnumConverter<UserRole>.ToText(UserRole.DirecteurReseau);

    public static bool CanAdminister(Caller caller) => caller.IsAdmin || (caller.IsDirector && caller.HasOrganisation);

    public static void AddAdministrationPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder authorization) =>
        authorization
            .AddPolicy(Policy, policy => policy.RequireRole(AdminRole, DirectorRole))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));
}
