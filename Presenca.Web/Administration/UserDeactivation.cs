using Microsoft.AspNetCore.Identity;
using Presenca.Data.Identity;

namespace Presenca.Web.Administration;

/// <summary>
/// Deactivating a user is a lockout that does not end, plus a new security stamp: the user's
/// sessions and any set-password link it holds stop working. Nothing is deleted, so the audit
/// trail keeps naming who did what.
/// </summary>
public static class UserDeactivation
{
    // Far enough to mean "never", near enough for PostgreSQL and .NET to agree on it.
    private static readonly DateTimeOffset Never = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<IdentityResult> DeactivateAsync(this UserManager<PresencaUser> users, PresencaUser user)
    {
        user.LockoutEnabled = true;
        user.LockoutEnd = Never;
        // Renewing the stamp saves the whole row, lockout included.
        return await users.UpdateSecurityStampAsync(user);
    }

    public static async Task<IdentityResult> ReactivateAsync(this UserManager<PresencaUser> users, PresencaUser user)
    {
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        return await users.UpdateAsync(user);
    }
}
