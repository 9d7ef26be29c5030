using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using Presenca.Data.Connexions.Secrets;
using Presenca.Web.Hosting;

namespace Presenca.Web.Connexions.KeyRing;

public static class KeyRingServices
{
    /// <summary>
    /// Data Protection (cookies, antiforgery and the connexions' secrets) with its key ring in
    /// PostgreSQL, encrypted under the master key. Throws at start-up, with the fix, when no
    /// master key is configured outside Development and Testing.
    /// </summary>
    public static void AddPresencaKeyRing(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, ConnectionStrings connections)
    {
        var masterKey = MasterKey.From(configuration, environment);
        services.AddSingleton(masterKey);
        services.AddSingleton(_ => new PostgresXmlRepository(NpgsqlDataSource.Create(connections.KeyRing)));
        services.AddDataProtection().SetApplicationName("Presenca");
        services.AddOptions<KeyManagementOptions>().Configure<PostgresXmlRepository>((options, repository) =>
        {
            options.XmlRepository = repository;
            options.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey);
        });
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
    }
}
