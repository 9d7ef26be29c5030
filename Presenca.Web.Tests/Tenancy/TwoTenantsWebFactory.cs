using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>The real app with the demo seeded, plus two more organisations (A and B) to trespass on.</summary>
public sealed class TwoTenantsWebFactory : PresencaWebFactory
{
    private TwoTenants? _tenants;

    public TwoTenants Tenants => _tenants ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _tenants = await TwoTenants.CreateAsync(Database);
    }
}
