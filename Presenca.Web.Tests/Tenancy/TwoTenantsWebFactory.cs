using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>The real app with the demo seeded, plus two more organisations (A and B) to trespass on.</summary>
public sealed class TwoTenantsWebFactory : PresencaWebFactory
{
    /// <summary>Where set-password links point: configuration, never the request's host.</summary>
    public const string PublicBaseUrl = "https://presenca.exemple.fr/";

    private TwoTenants? _tenants;

    public TwoTenants Tenants => _tenants ?? throw new InvalidOperationException("Created in InitializeAsync.");

    protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?> { ["Presenca:PublicBaseUrl"] = PublicBaseUrl };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _tenants = await TwoTenants.CreateAsync(Database);
    }
}
