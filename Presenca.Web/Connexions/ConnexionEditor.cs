using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Connexions;

/// <summary>
/// What the Connexions page does, as the caller of its scope (request or circuit): read a client's
/// connexions, save one, test one. Each operation opens its own short-lived context and finds the
/// client again through the caller's query filters and RLS, so a client id the caller may not
/// edit — forged in a circuit message or left over from another tab — changes nothing.
/// </summary>
public sealed class ConnexionEditor(
    IDbContextFactory<PresencaDbContext> dbFactory, CallerSource callers, ConnexionTester tester, TimeProvider clock, ILogger<ConnexionEditor> logger)
{
    /// <summary>The page's state for a client (or the caller's own); null when that client is outside the caller's scope.</summary>
    public async Task<ConnexionsState?> LoadAsync(Guid? requestedClientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var caller = callers.Current;
        var now = clock.GetUtcNow();
        var clients = (await db.Clients.AsNoTracking().ToListAsync(cancellationToken))
            .Where(c => CanEdit(caller, c) || c.ClientId == caller.ClientId)
            .OrderBy(c => c.ClientType == ClientType.Reseau ? 0 : 1).ThenBy(c => c.ClientNom, StringComparer.CurrentCulture)
            .ToList();
        var client = requestedClientId is { } requested
            ? clients.FirstOrDefault(c => c.ClientId == requested)
            : clients.FirstOrDefault(c => c.ClientId == caller.ClientId) ?? clients.FirstOrDefault();
        if (requestedClientId is not null && client is null)
        {
            // A client outside the caller's scope is answered exactly as one that does not exist.
            return null;
        }

        var state = new ConnexionsState
        {
            RequestedClientId = requestedClientId,
            Clients = [.. clients.Select(Summary)],
            Now = now,
        };
        if (client is null)
        {
            return state;
        }

        var network = client.ClientType == ClientType.ReseauAgence ? client.ReseauId : null;
        var ids = network is { } n ? new[] { client.ClientId, n } : [client.ClientId];
        var integrations = new List<IntegrationState>();
        foreach (var integration in ConnexionSets.All)
        {
            var connexions = await ConnexionSets.ForClientsAsync(db, integration, ids, cancellationToken);
            var own = connexions.SingleOrDefault(c => c.ClientId == client.ClientId);
            var effective = EffectiveConnexion.Resolve(integration, client, own, connexions.SingleOrDefault(c => c.ClientId != client.ClientId));
            integrations.Add(new IntegrationState(
                integration,
                own is null ? null : ConnexionView.Of(own, now),
                effective.Source,
                effective.Reason,
                effective.Connexion is { } used ? ConnexionView.Of(used, now) : null));
        }

        return state with { Client = Summary(client), CanEdit = CanEdit(caller, client), Integrations = integrations };
    }

    /// <summary>Validates and saves one connexion of a client; the input is never changed here.</summary>
    public async Task<ConnexionSaveResult> SaveAsync(Guid clientId, Integration integration, ConnexionInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await EditableClientAsync(db, clientId, cancellationToken) is not { } client)
        {
            return ConnexionSaveResult.Refused;
        }

        var stored = (await ConnexionSets.ForClientsAsync(db, integration, [client.ClientId], cancellationToken)).SingleOrDefault();
        var errors = ConnexionInputRules.Validate(input, integration, stored);
        if (errors.Count > 0)
        {
            return new(false, "Rien n'a été enregistré : corrigez les champs signalés.", errors);
        }

        var connexion = stored ?? ConnexionSets.New(integration);
        if (stored is null)
        {
            connexion.OrganisationId = client.OrganisationId;
            connexion.ClientId = client.ClientId;
            connexion.ClientType = client.ClientType;
            db.Add((object)connexion);
        }

        ConnexionInputRules.Apply(input, connexion, client.ClientType == ClientType.Reseau);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // The exception text names columns, never values; the secret stays out of the log.
            logger.LogWarning("Saving connexion {Integration} of client {ClientId} failed: {Error}", integration, client.ClientId, exception.InnerException?.GetType().Name);
            return new(false, "L'enregistrement a échoué : la connexion a peut-être été modifiée entre-temps. Rechargez la page et recommencez.", new Dictionary<string, string>());
        }

        return new(true, $"Connexion {ConnexionLabels.Of(integration)} enregistrée.", new Dictionary<string, string>());
    }

    /// <summary>"Tester la connexion" for a client's own connexion; null when there is nothing the caller may test.</summary>
    public async Task<ConnexionTestOutcome?> TestAsync(Guid clientId, Integration integration, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await EditableClientAsync(db, clientId, cancellationToken) is not { } client
            || (await ConnexionSets.ForClientsAsync(db, integration, [client.ClientId], cancellationToken)).SingleOrDefault() is not { } connexion)
        {
            return null;
        }

        return await tester.TestAsync(db, connexion, cancellationToken);
    }

    // Who may change a client's connexions: admins, the client's own staff, and the director of
    // its network. Agency staff read their network's shared connexion but never edit it.
    private static bool CanEdit(Caller caller, Client client) =>
        caller.IsAdmin || client.ClientId == caller.ClientId || (caller.IsDirector && client.ReseauId == caller.ClientId);

    private async Task<Client?> EditableClientAsync(PresencaDbContext db, Guid clientId, CancellationToken cancellationToken) =>
        await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken) is { } client && CanEdit(callers.Current, client)
            ? client
            : null;

    private static ClientSummary Summary(Client client) => new(client.ClientId, client.ClientNom, client.ClientType, client.ReseauId);
}

/// <summary>The outcome of a save: the French message for the card, and the field-level messages keyed by property.</summary>
public sealed record ConnexionSaveResult(bool Saved, string Message, IReadOnlyDictionary<string, string> Errors)
{
    public static readonly ConnexionSaveResult Refused =
        new(false, "Cette connexion ne fait pas partie de votre périmètre : rien n'a été enregistré.", new Dictionary<string, string>());
}
