using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Data.Identity;
using Presenca.Data.Tenancy;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Account;

/// <summary>Puts the user's organisation, client, network and role into the cookie at sign-in.</summary>
public sealed class PresencaClaimsPrincipalFactory(
    UserManager<PresencaUser> userManager,
    IOptions<IdentityOptions> options,
    PresencaDatabase database)
    : UserClaimsPrincipalFactory<PresencaUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PresencaUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        // Who the caller is comes from the users row only: a role or tenant claim stored in
        // user_claims (which Identity copies into the cookie) must not shadow it.
        foreach (var stored in identity.Claims.Where(c => CallerClaims.Types.Contains(c.Type)).ToList())
        {
            identity.RemoveClaim(stored);
        }

        identity.AddClaims(CallerClaims.For(user, await FindReseauIdAsync(user)));
        return identity;
    }

    // Read as the user being signed in: row-level security lets a user see its own client row.
    private async Task<Guid?> FindReseauIdAsync(PresencaUser user)
    {
        if (user.ClientId is not { } clientId)
        {
            return null;
        }

        await using var context = database.CreateContext(new Caller(user.Id, user.OrganisationId, clientId, user.Role));
        return await context.Clients.Where(c => c.ClientId == clientId).Select(c => c.ReseauId).SingleOrDefaultAsync();
    }
}
