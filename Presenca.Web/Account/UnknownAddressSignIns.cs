using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Identity;

namespace Presenca.Web.Account;

/// <summary>
/// Signing in with an address that has no account answers exactly as a real account would: the
/// same password-hash work, and the same lockout after <see cref="LockoutOptions.MaxFailedAccessAttempts"/>
/// failures for <see cref="LockoutOptions.DefaultLockoutTimeSpan"/>, counted per normalised address
/// in <c>sign_in_failures</c> (0014). Neither the message, the status nor the time taken tells
/// whether an address has an account.
/// </summary>
/// <remarks>
/// Mirrors Identity's own steps for a known user: a locked address answers "locked" without
/// checking the password; otherwise the password is checked (here against a decoy hash made by
/// the same hasher, so it costs the same), the failure is counted, and the count's fifth failure
/// starts the lockout and returns to 0.
/// </remarks>
public sealed class UnknownAddressSignIns(PresencaDatabase database, IPasswordHasher<PresencaUser> hasher, IOptions<IdentityOptions> identity)
{
    private static readonly Lock DecoyLock = new();
    private static string? _decoyHash;

    // The hasher takes a user but Identity's default one does not read it.
    private static readonly PresencaUser Nobody = new() { NomComplet = "" };

    public async Task<SignInResult> FailAsync(string normalizedUserName, string password, bool lockoutOnFailure)
    {
        var lockout = identity.Value.Lockout;
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(normalizedUserName));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        if (lockoutOnFailure && await IsLockedOutAsync(connection, key))
        {
            return SignInResult.LockedOut;
        }

        _ = hasher.VerifyHashedPassword(Nobody, DecoyHash(), password);
        if (!lockoutOnFailure)
        {
            return SignInResult.Failed;
        }

        await using var count = new NpgsqlCommand("""
            insert into sign_in_failures as f (address_hash, failed_count, lockout_end)
            values ($1, case when $2 <= 1 then 0 else 1 end, case when $2 <= 1 then now() + $3 end)
            on conflict (address_hash) do update set
              failed_count = case when f.failed_count + 1 >= $2 then 0 else f.failed_count + 1 end,
              lockout_end = case when f.failed_count + 1 >= $2 then now() + $3 else f.lockout_end end,
              updated_at = now()
            returning coalesce(lockout_end > now(), false)
            """, connection);
        count.Parameters.Add(new NpgsqlParameter { Value = key });
        count.Parameters.Add(new NpgsqlParameter { Value = lockout.MaxFailedAccessAttempts });
        count.Parameters.Add(new NpgsqlParameter { Value = lockout.DefaultLockoutTimeSpan });
        return await count.ExecuteScalarAsync() is true ? SignInResult.LockedOut : SignInResult.Failed;
    }

    private static async Task<bool> IsLockedOutAsync(NpgsqlConnection connection, byte[] key)
    {
        await using var locked = new NpgsqlCommand("select exists (select 1 from sign_in_failures where address_hash = $1 and lockout_end > now())", connection);
        locked.Parameters.Add(new NpgsqlParameter { Value = key });
        return await locked.ExecuteScalarAsync() is true;
    }

    // Made once per process by the app's own hasher (same algorithm and iteration count as the
    // users' hashes), from a random password nobody knows.
    private string DecoyHash()
    {
        lock (DecoyLock)
        {
            return _decoyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
    }
}
