using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Connexions;

/// <summary>
/// Everything the Connexions page shows for one client, read once while prerendering and handed
/// to the circuit ([PersistentState]). Secret-free by construction: see <see cref="ConnexionView"/>.
/// </summary>
public sealed record ConnexionsState
{
    /// <summary>The ?client= the state was read for (null: the caller's default client).</summary>
    public Guid? RequestedClientId { get; init; }

    /// <summary>The clients whose connexions the caller may open, network first.</summary>
    public IReadOnlyList<ClientSummary> Clients { get; init; } = [];

    /// <summary>The client shown; null when the caller has none to configure.</summary>
    public ClientSummary? Client { get; init; }

    /// <summary>Whether the caller may change the shown client's connexions.</summary>
    public bool CanEdit { get; init; }

    public DateTimeOffset Now { get; init; }

    /// <summary>One entry per integration, in <see cref="ConnexionSets.All"/> order.</summary>
    public IReadOnlyList<IntegrationState> Integrations { get; init; } = [];
}

public sealed record ClientSummary(Guid ClientId, string ClientNom, ClientType ClientType, Guid? ReseauId);

/// <summary>A client's own connexion for an integration, and the one that actually serves it.</summary>
public sealed record IntegrationState(Integration Integration, ConnexionView? Own, EffectiveSource Source, string Reason, ConnexionView? Effective);
