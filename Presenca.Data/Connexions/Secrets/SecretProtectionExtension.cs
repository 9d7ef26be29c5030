using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Presenca.Data.Connexions.Secrets;

/// <summary>
/// Carries the protector into the context's options. EF caches one model per internal service
/// provider, and this extension makes each protector get its own: two apps in one process (the
/// tests) never encrypt with each other's key ring.
/// </summary>
internal sealed class SecretProtectionExtension(ISecretProtector protector) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    public ISecretProtector Protector { get; } = protector;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(SecretProtectionExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "";

        public override int GetServiceProviderHashCode() => RuntimeHelpers.GetHashCode(extension.Protector);

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo info && ReferenceEquals(info.Extension is SecretProtectionExtension e ? e.Protector : null, extension.Protector);

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}
