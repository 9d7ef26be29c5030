using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data.Tenancy;

namespace Presenca.Data;

/// <summary>
/// The application's handle on PostgreSQL: one pooled data source for the app role, and contexts
/// created for a given caller. Shared by the web app, workers, tools and tests.
/// </summary>
public sealed class PresencaDatabase : IAsyncDisposable
{
    private readonly DbContextOptions<PresencaDbContext> _options;

    public PresencaDatabase(string appConnectionString)
    {
        DataSource = NpgsqlDataSource.Create(appConnectionString);
        _options = new DbContextOptionsBuilder<PresencaDbContext>()
            .UseNpgsql(DataSource)
            .AddInterceptors(new CallerSessionInterceptor())
            .Options;
    }

    public NpgsqlDataSource DataSource { get; }

    public PresencaDbContext CreateContext(ICallerSource callers) => new(_options, callers);

    public PresencaDbContext CreateContext(Caller caller) => CreateContext(new FixedCallerSource(caller));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
