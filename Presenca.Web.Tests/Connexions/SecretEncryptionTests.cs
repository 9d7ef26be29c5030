using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Connexions.KeyRing;

namespace Presenca.Web.Tests.Connexions;

/// <summary>Secrets are ciphertext in PostgreSQL, and so are the keys that encrypt them.</summary>
public sealed class SecretEncryptionTests : IClassFixture<ConnexionTenants>
{
    private const string BrevoKey = "xkeysib-0f1e2d3c4b5a69788796a5b4c3d2e1f0-SecretTestA1b2";
    private const string InstagramToken = "IGQVJ-instagram-token-secret-9f8e7d";
    private readonly ConnexionTenants _tenants;

    public SecretEncryptionTests(ConnexionTenants tenants) => _tenants = tenants;

    [Fact]
    public async Task Secrets_are_stored_encrypted_and_read_back_in_clear_only_by_the_application()
    {
        await using (var director = _tenants.Database.CreateContext(ConnexionTenants.Director))
        {
            director.BrevoConnexions.Add(new BrevoConnexion
            {
                OrganisationId = ConnexionTenants.OrganisationA,
                ClientType = ClientType.Reseau,
                ClientId = ConnexionTenants.ReseauA,
                ApiKey = BrevoKey,
            });
            director.InstagramConnexions.Add(new InstagramConnexion
            {
                OrganisationId = ConnexionTenants.OrganisationA,
                ClientType = ClientType.Reseau,
                ClientId = ConnexionTenants.ReseauA,
                AccessToken = InstagramToken,
            });
            await director.SaveChangesAsync();
        }

        var rawBrevo = await _tenants.ReadColumnAsOwnerAsync("select t::text from brevo_connexion t");
        var rawInstagram = await _tenants.ReadColumnAsOwnerAsync("select t::text from instagram_connexion t");
        var audit = await _tenants.ReadColumnAsOwnerAsync("select t::text from audit_trail t");
        Assert.DoesNotContain(BrevoKey, Assert.Single(rawBrevo));
        Assert.Contains("CfDJ8", rawBrevo[0]);
        Assert.DoesNotContain(InstagramToken, Assert.Single(rawInstagram));
        Assert.NotEmpty(audit);
        Assert.All(audit, row => Assert.DoesNotContain("SecretTest", row));

        await using var reader = _tenants.Database.CreateContext(ConnexionTenants.Director);
        Assert.Equal(BrevoKey, (await reader.BrevoConnexions.SingleAsync()).ApiKey);
        Assert.Equal(InstagramToken, (await reader.InstagramConnexions.SingleAsync()).AccessToken);
    }

    [Fact]
    public async Task Key_ring_in_postgresql_holds_only_keys_encrypted_under_the_master_key()
    {
        await using (var director = _tenants.Database.CreateContext(ConnexionTenants.Director))
        {
            director.OpenaiConnexions.Add(new OpenaiConnexion
            {
                OrganisationId = ConnexionTenants.OrganisationA,
                ClientType = ClientType.ReseauAgence,
                ClientId = ConnexionTenants.AgenceA1,
                ApiKey = "sk-test-keyring",
            });
            await director.SaveChangesAsync();
        }

        var keys = await _tenants.ReadColumnAsOwnerAsync("select xml from data_protection_keys");
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("presencaEncryptedKey", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    [Fact]
    public async Task App_role_can_add_keys_to_the_ring_but_never_delete_or_rewrite_them()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_tenants.Test.AppConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "delete from data_protection_keys", "update data_protection_keys set xml = ''", "truncate data_protection_keys" })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    [Fact]
    public void Outside_development_the_app_refuses_to_start_without_a_master_key()
    {
        var empty = new ConfigurationBuilder().Build();
        var error = Assert.Throws<InvalidOperationException>(() =>
            MasterKey.From(empty, new HostingEnvironment { EnvironmentName = "Production" }));
        Assert.Contains("Presenca:DataProtection:MasterKey", error.Message);
        Assert.Contains("refuse de démarrer", error.Message);

        var tooShort = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [MasterKey.ConfigurationKey] = Convert.ToBase64String(new byte[16]),
        }).Build();
        Assert.Contains("32 octets", Assert.Throws<InvalidOperationException>(() =>
            MasterKey.From(tooShort, new HostingEnvironment { EnvironmentName = "Production" })).Message);
    }

    [Fact]
    public void Key_xml_encrypted_under_one_master_key_does_not_open_under_another()
    {
        var production = new HostingEnvironment { EnvironmentName = "Production" };
        MasterKey Key() => MasterKey.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [MasterKey.ConfigurationKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }).Build(), production);
        var encrypted = new MasterKeyXmlEncryptor(Key()).Encrypt(new System.Xml.Linq.XElement("key", "secret-material"));
        Assert.DoesNotContain("secret-material", encrypted.EncryptedElement.ToString());

        var other = new ServiceCollection().AddSingleton(Key()).BuildServiceProvider();
        Assert.ThrowsAny<CryptographicException>(() => new MasterKeyXmlDecryptor(other).Decrypt(encrypted.EncryptedElement));
    }
}
