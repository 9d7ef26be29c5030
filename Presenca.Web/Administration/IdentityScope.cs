using Presenca.Web.Tenancy;

namespace Presenca.Web.Administration;

/// <summary>
/// Identity's UserManager keeps one DbContext for its whole scope, and a circuit's scope lives as
/// long as the circuit: users are read and written in a scope of their own per operation, acting
/// as the current caller (query filters and RLS apply), so nothing stale or half-saved is kept.
/// </summary>
public sealed class IdentityScope(IServiceScopeFactory scopes, CallerSource callers)
{
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerSource>().SetCaller(callers.Current);
        return await action(scope.ServiceProvider);
    }
}
