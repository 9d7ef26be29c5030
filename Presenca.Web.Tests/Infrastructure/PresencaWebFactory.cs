using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// The real app (Program.cs) over a fresh migrated database with the demo seeded. One per test
/// class (IClassFixture). <see cref="StartKestrel"/> serves it on a free 127.0.0.1 port for
/// browser tests; otherwise requests go through the in-memory test server.
/// </summary>
public class PresencaWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Lock _kestrelLock = new();
    private readonly bool _ownsDatabase;
    private TestDatabase? _database;
    private Uri? _kestrelAddress;

    public PresencaWebFactory() => _ownsDatabase = true;

    // xunit builds class fixtures through their one public constructor: this one stays protected.
    protected PresencaWebFactory(TestDatabase sharedDatabase)
    {
        _database = sharedDatabase;
        _ownsDatabase = false;
    }

    /// <summary>
    /// Another instance of the app over a database that someone else created and will drop:
    /// what two servers behind a load balancer look like. Dispose it before the database goes.
    /// </summary>
    public static PresencaWebFactory SharingDatabase(TestDatabase database) => new SharedDatabaseFactory(database);

    /// <summary>
    /// For a test that changes its app's database or settings: an app (and database) of its own,
    /// started for the test and disposed after it, whatever happens.
    /// </summary>
    public static async Task RunOwnAsync<TFactory>(TFactory factory, Func<TFactory, Task> test)
        where TFactory : PresencaWebFactory
    {
        await factory.InitializeAsync();
        try
        {
            await test(factory);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public const string DefaultPublicBaseUrl = "https://presenca.test/";

    /// <summary>Settings a test class needs on top of the defaults (e.g. a fake server's URL).</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        if (_ownsDatabase)
        {
            _database = await TestDatabase.CreateAsync();
        }
    }

    /// <summary>
    /// Serves the app over real HTTP and returns its base address (http://127.0.0.1:port/).
    /// Calling it again returns the same address.
    /// </summary>
    /// <summary>Where Kestrel serves the app, once <see cref="StartKestrel"/> ran.</summary>
    public Uri? KestrelAddress => _kestrelAddress;

    public Uri StartKestrel()
    {
        lock (_kestrelLock)
        {
            if (_kestrelAddress is null)
            {
                UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
                StartServer();
                _kestrelAddress = ClientOptions.BaseAddress;
            }

            return _kestrelAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Blazor's and MudBlazor's files come from the build's static web assets, as in Development.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Presenca", Database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:PresencaOwner", Database.OwnerConnectionString);
        builder.UseSetting("Presenca:MigrateOnStartup", "false");
        builder.UseSetting("Presenca:SeedDemo", "true");
        // Campaign emails carry unsubscribe links written on it (sending refuses to start without
        // it); a class that needs it missing sets it to "" in ExtraSettings.
        builder.UseSetting("Presenca:PublicBaseUrl", DefaultPublicBaseUrl);
        // The import warm-up costs every app start CPU the suite does not need; its test turns it on.
        builder.UseSetting("Presenca:ContactImport:WarmUpRows", "0");
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase && _database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private sealed class SharedDatabaseFactory(TestDatabase database) : PresencaWebFactory(database);
}
