using Presenca.Data.Tenancy;

namespace Presenca.Web.Tenancy;

/// <summary>
/// The caller of the current request, read from its sign-in cookie. While the login form checks
/// a password, <see cref="SigningIn"/> narrows the database to that one user name; while the
/// cookie is re-checked, <see cref="Validating"/> lends it the cookie's user.
/// </summary>
public sealed class HttpCallerSource(IHttpContextAccessor httpContextAccessor) : ICallerSource
{
    private Caller? _override;

    public Caller Current => _override ?? CallerClaims.Read(httpContextAccessor.HttpContext?.User);

    public IDisposable SigningIn(string normalizedUserName) => Use(Caller.SigningIn(normalizedUserName));

    /// <summary>
    /// While the cookie's security stamp is checked, the request has no user yet: the lookup runs
    /// as the cookie's own user (who may read its own row), or it would find nobody and sign out.
    /// </summary>
    public IDisposable Validating(System.Security.Claims.ClaimsPrincipal? principal) => Use(CallerClaims.Read(principal));

    private IDisposable Use(Caller caller)
    {
        _override = caller;
        return new OverrideScope(this);
    }

    private sealed class OverrideScope(HttpCallerSource source) : IDisposable
    {
        public void Dispose() => source._override = null;
    }
}
