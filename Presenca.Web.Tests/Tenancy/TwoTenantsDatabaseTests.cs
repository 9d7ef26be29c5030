using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// Base of the tests that talk to PostgreSQL directly about two tenants: every test gets a fresh
/// database holding <see cref="TwoTenants"/>, so what one test writes never reaches another.
/// </summary>
public abstract class TwoTenantsDatabaseTests : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    protected TwoTenants Tenants { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Tenants = await TwoTenants.CreateAsync(Database);
    }

    public virtual async Task DisposeAsync() => await Database.DisposeAsync();
}
