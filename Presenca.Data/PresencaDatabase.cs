using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Presenca.Data.Connexions.Secrets;
using Presenca.Data.Tenancy;

namespace Presenca.Data;

/// <summary>
/// The application's handle on PostgreSQL: one pooled data source for the app role, and contexts
/// created for a given caller. Shared by the web app, workers, tools and tests.
/// </summary>
public sealed class PresencaDatabase : IAsyncDisposable
{
    private readonly DbContextOptions<PresencaDbContext> _options;

    /// <param name="secrets">Encrypts the connexions' secret columns; without it they cannot be read or written.</param>
    public PresencaDatabase(string appConnectionString, ISecretProtector? secrets = null)
    {
        DataSource = NpgsqlDataSource.Create(WithoutJit(appConnectionString));
        // EF builds one internal service provider per data source. A process normally holds one
        // PresencaDatabase; tools and tests (one database per test class, several instances of the
        // app) hold dozens at once, which is expected and not the leak this warning is about.
        var builder = new DbContextOptionsBuilder<PresencaDbContext>()
            .UseNpgsql(DataSource)
            .AddInterceptors(new CallerTransactionInterceptor(), new CallerCommandInterceptor())
            // Each PresencaDatabase (its data source, its secret protector) gets its own EF
            // internal service provider. An app has one; tests and benchmarks create one per
            // database they clone, which is legitimate, so EF's "more than twenty" alarm is off.
            .ConfigureWarnings(warnings => warnings.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        if (secrets is not null)
        {
            ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new SecretProtectionExtension(secrets));
        }

        _options = builder.Options;
    }

    public NpgsqlDataSource DataSource { get; }

    // PostgreSQL compiles a query with JIT once its estimated cost passes a threshold; the
    // dashboard's queries read little but, under row-level security, are often estimated high,
    // and compiling them cost 200-750 ms each against a few milliseconds of execution
    // (bench/RESULTS.md, issue 7). Any other option in the connection string is kept.
    private static string WithoutJit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";
        return builder.ConnectionString;
    }

    public PresencaDbContext CreateContext(ICallerSource callers) => new(_options, callers);

    public PresencaDbContext CreateContext(Caller caller) => CreateContext(new FixedCallerSource(caller));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
