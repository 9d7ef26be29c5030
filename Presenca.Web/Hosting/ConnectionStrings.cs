using Npgsql;

namespace Presenca.Web.Hosting;

/// <summary>The two PostgreSQL logins: the app role (row-level security applies) and the owner (migrations).</summary>
/// <remarks>
/// <see cref="App"/> carries <c>Maximum Pool Size</c> from <c>Presenca:Database:MaxPoolSize</c>:
/// the process's one pool (pages, webhooks, the sending pipeline, the event applier and the live
/// relay's LISTEN all draw from it), so a process never holds more connections than that, plus
/// <see cref="KeyRingPoolSize"/> for the key ring's own small pool. Past the limit, work waits
/// for a free connection instead of PostgreSQL refusing new ones (53300) for every instance.
/// </remarks>
public sealed record ConnectionStrings(string App, string Owner)
{
    public const string MaxPoolSizeKey = "Presenca:Database:MaxPoolSize";

    /// <summary>
    /// Six processes (three web instances and three workers) × (15 + 1) = 96 connections, within
    /// PostgreSQL's default max_connections of 100 less its 3 slots reserved for superusers.
    /// </summary>
    public const int DefaultMaxPoolSize = 15;

    /// <summary>The key ring reads its keys at start and about once a day: one connection is plenty.</summary>
    public const int KeyRingPoolSize = 1;

    /// <summary>The app role's connection for the Data Protection key ring (its own pool, created before the database's).</summary>
    public string KeyRing => WithPoolSize(App, KeyRingPoolSize);

    public static ConnectionStrings From(IConfiguration configuration)
    {
        var app = configuration.GetConnectionString("Presenca");
        if (string.IsNullOrWhiteSpace(app))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Presenca est vide : indiquez la connexion PostgreSQL du rôle presenca_app (voir README.md).");
        }

        var maxPoolSize = configuration.GetValue(MaxPoolSizeKey, DefaultMaxPoolSize);
        if (maxPoolSize < 2)
        {
            throw new InvalidOperationException(
                $"{MaxPoolSizeKey} vaut {maxPoolSize} : il faut au moins 2 connexions (dont une pour le relais des notifications).");
        }

        var owner = configuration.GetConnectionString("PresencaOwner");
        return new ConnectionStrings(WithPoolSize(app, maxPoolSize), string.IsNullOrWhiteSpace(owner) ? app : owner);
    }

    private static string WithPoolSize(string connectionString, int size)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = size };
        if (builder.MinPoolSize > size)
        {
            builder.MinPoolSize = size;
        }

        return builder.ConnectionString;
    }
}
