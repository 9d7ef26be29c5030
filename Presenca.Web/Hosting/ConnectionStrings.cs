namespace Presenca.Web.Hosting;

/// <summary>The two PostgreSQL logins: the app role (row-level security applies) and the owner (migrations).</summary>
public sealed record ConnectionStrings(string App, string Owner)
{
    public static ConnectionStrings From(IConfiguration configuration)
    {
        var app = configuration.GetConnectionString("Presenca");
        if (string.IsNullOrWhiteSpace(app))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Presenca est vide : indiquez la connexion PostgreSQL du rôle presenca_app (voir README.md).");
        }

        var owner = configuration.GetConnectionString("PresencaOwner");
        return new ConnectionStrings(app, string.IsNullOrWhiteSpace(owner) ? app : owner);
    }
}
