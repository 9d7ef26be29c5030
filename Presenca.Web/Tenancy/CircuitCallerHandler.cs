using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Presenca.Web.Tenancy;

/// <summary>
/// Inside a circuit there is no request: the caller comes from the circuit's authentication
/// state, and follows it when the revalidating provider signs a deactivated user out.
/// </summary>
public sealed class CircuitCallerHandler(AuthenticationStateProvider authentication, CallerSource callers) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;
        callers.SetPrincipal((await authentication.GetAuthenticationStateAsync()).User);
    }

    private async void OnAuthenticationStateChanged(Task<AuthenticationState> state)
    {
        try
        {
            callers.SetPrincipal((await state).User);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Fail closed: a state that cannot be read is nobody.
            callers.SetPrincipal(null);
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;
}
