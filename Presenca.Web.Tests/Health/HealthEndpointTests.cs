using System.Net;
using System.Net.Sockets;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Health;

/// <summary>/health: what load balancers and run.sh wait on before sending users in.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_answers_ok_when_the_database_is_reachable_and_migrated()
    {
        await PresencaWebFactory.RunOwnAsync(new PresencaWebFactory(), async factory =>
        {
            var response = await factory.CreateClient().GetAsync("/health");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        });
    }

    [Fact]
    public async Task Health_answers_503_naming_the_pending_migration()
    {
        await PresencaWebFactory.RunOwnAsync(new PresencaWebFactory(), async factory =>
        {
            var client = factory.CreateClient();
            await factory.Database.ExecuteAsOwnerAsync("delete from schema_migrations where version = '0002'");

            var response = await client.GetAsync("/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("0002_identity.sql", await response.Content.ReadAsStringAsync());
        });
    }

    [Fact]
    public async Task Health_answers_503_naming_a_migration_edited_after_it_was_applied()
    {
        await PresencaWebFactory.RunOwnAsync(new PresencaWebFactory(), async factory =>
        {
            var client = factory.CreateClient();
            await factory.Database.ExecuteAsOwnerAsync("update schema_migrations set checksum = 'edited' where version = '0001'");

            var response = await client.GetAsync("/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("La migration 0001_tenancy.sql a été modifiée", await response.Content.ReadAsStringAsync());
        });
    }

    [Fact]
    public async Task Health_answers_503_without_an_error_page_when_the_database_is_unreachable()
    {
        await PresencaWebFactory.RunOwnAsync(new UnreachableDatabaseFactory(), async factory =>
        {
            var response = await factory.CreateClient().GetAsync("/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("base de données indisponible", await response.Content.ReadAsStringAsync());
        });
    }


    /// <summary>The app pointed at a port where no PostgreSQL listens.</summary>
    private sealed class UnreachableDatabaseFactory : PresencaWebFactory
    {
        private static readonly string Unreachable = $"Host=127.0.0.1;Port={ClosedPort()};Database=presenca;Username=presenca_app;Password=x;Timeout=5";

        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Presenca"] = Unreachable,
            ["ConnectionStrings:PresencaOwner"] = Unreachable,
            ["Presenca:MigrateOnStartup"] = "false",
            ["Presenca:SeedDemo"] = "false",
        };

        private static int ClosedPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
