using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Connexions;

namespace Presenca.Web.Connexions;

/// <summary>The four connexion tables seen as one, for code that works on any integration.</summary>
public static class ConnexionSets
{
    public static readonly IReadOnlyList<Integration> All = Enum.GetValues<Integration>();

    /// <summary>The connexions of these clients that the caller may see (query filters and RLS apply).</summary>
    public static async Task<List<Connexion>> ForClientsAsync(PresencaDbContext db, Integration integration, IReadOnlyCollection<Guid> clientIds, CancellationToken cancellationToken = default) =>
        integration switch
        {
            Integration.Brevo => await LoadAsync(db.BrevoConnexions, clientIds, cancellationToken),
            Integration.Zoho => await LoadAsync(db.ZohoConnexions, clientIds, cancellationToken),
            Integration.Openai => await LoadAsync(db.OpenaiConnexions, clientIds, cancellationToken),
            Integration.Instagram => await LoadAsync(db.InstagramConnexions, clientIds, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(integration)),
        };

    public static async Task<Connexion?> FindAsync(PresencaDbContext db, Integration integration, Guid connexionId, CancellationToken cancellationToken = default) =>
        integration switch
        {
            Integration.Brevo => await db.BrevoConnexions.SingleOrDefaultAsync(c => c.ConnexionId == connexionId, cancellationToken),
            Integration.Zoho => await db.ZohoConnexions.SingleOrDefaultAsync(c => c.ConnexionId == connexionId, cancellationToken),
            Integration.Openai => await db.OpenaiConnexions.SingleOrDefaultAsync(c => c.ConnexionId == connexionId, cancellationToken),
            Integration.Instagram => await db.InstagramConnexions.SingleOrDefaultAsync(c => c.ConnexionId == connexionId, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(integration)),
        };

    public static Connexion New(Integration integration) => integration switch
    {
        Integration.Brevo => new BrevoConnexion(),
        Integration.Zoho => new ZohoConnexion(),
        Integration.Openai => new OpenaiConnexion(),
        Integration.Instagram => new InstagramConnexion(),
        _ => throw new ArgumentOutOfRangeException(nameof(integration)),
    };

    /// <summary>The prefix of the integration's table and columns (brevo_, openai_...).</summary>
    public static string Prefix(Integration integration) => integration.ToString().ToLowerInvariant();

    private static async Task<List<Connexion>> LoadAsync<T>(IQueryable<T> set, IReadOnlyCollection<Guid> clientIds, CancellationToken cancellationToken)
        where T : Connexion =>
        [.. await set.Where(c => clientIds.Contains(c.ClientId)).ToListAsync(cancellationToken)];
}
