using System.Security.Claims;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Tenancy;

/// <summary>
/// The caller of the current scope: a request (set from its sign-in cookie by
/// <see cref="CallerSourceMiddleware"/>) or a circuit (set from the circuit's authentication state
/// by <see cref="CircuitCallerHandler"/>). While the login form checks a password,
/// <see cref="SigningIn"/> narrows the database to that one user name; while the cookie is
/// re-checked, <see cref="Validating"/> lends it the cookie's user.
/// </summary>
public sealed class CallerSource : ICallerSource
{
    private Caller _caller = Caller.Anonymous;
    private Caller? _override;

    public Caller Current => _override ?? _caller;

    /// <summary>The signed-in principal of this request or circuit; anonymous when it has none.</summary>
    public void SetPrincipal(ClaimsPrincipal? principal) => _caller = CallerClaims.Read(principal);

    /// <summary>A scope opened for one operation of a circuit or request acts as that caller.</summary>
    public void SetCaller(Caller caller) => _caller = caller;

    public IDisposable SigningIn(string normalizedUserName) => Use(Caller.SigningIn(normalizedUserName));

    /// <summary>
    /// While the cookie's security stamp is checked, the request has no user yet: the lookup runs
    /// as the cookie's own user (who may read its own row), or it would find nobody and sign out.
    /// </summary>
    public IDisposable Validating(ClaimsPrincipal? principal) => Use(CallerClaims.Read(principal));

    private IDisposable Use(Caller caller)
    {
        _override = caller;
        return new OverrideScope(this);
    }

    private sealed class OverrideScope(CallerSource source) : IDisposable
    {
        public void Dispose() => source._override = null;
    }
}
