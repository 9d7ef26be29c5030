using Presenca.Data.Tenancy;

namespace Presenca.Web.Tenancy;

/// <summary>
/// The caller of the current request, read from its sign-in cookie. While the login form checks
/// a password, <see cref="SigningIn"/> narrows the database to that one user name.
/// </summary>
public sealed class HttpCallerSource(IHttpContextAccessor httpContextAccessor) : ICallerSource
{
    private Caller? _signingIn;

    public Caller Current => _signingIn ?? CallerClaims.Read(httpContextAccessor.HttpContext?.User);

    public IDisposable SigningIn(string normalizedUserName)
    {
        _signingIn = Caller.SigningIn(normalizedUserName);
        return new SignInScope(this);
    }

    private sealed class SignInScope(HttpCallerSource source) : IDisposable
    {
        public void Dispose() => source._signingIn = null;
    }
}
