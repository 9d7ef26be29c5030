using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Presenca.Data.Identity;

namespace Presenca.Web.Account;

/// <summary>
/// Identity's sign-in manager, except for an address without an account: Identity answers that
/// one at once and never locks it, which tells an attacker which addresses have an account. It
/// goes through <see cref="UnknownAddressSignIns"/> instead, which answers as a real account would.
/// </summary>
public sealed class PresencaSignInManager(
    UserManager<PresencaUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PresencaUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PresencaUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PresencaUser> confirmation,
    UnknownAddressSignIns unknownAddresses)
    : SignInManager<PresencaUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        return user is null
            ? await unknownAddresses.FailAsync(UserManager.NormalizeName(userName), password, lockoutOnFailure && UserManager.SupportsUserLockout)
            : await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }
}
