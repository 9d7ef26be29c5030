using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Connexions;

/// <summary>Which connexion a client uses for an integration, and why (in French, for the page).</summary>
public sealed record EffectiveConnexion(Connexion? Connexion, EffectiveSource Source, string Reason)
{
    /// <summary>
    /// The client's own active connexion; else, for an agency of a network, the network's if the
    /// network shares it and it is active; else none.
    /// </summary>
    public static async Task<EffectiveConnexion> ResolveAsync(PresencaDbContext db, Integration integration, Guid clientId, CancellationToken cancellationToken = default)
    {
        var client = await db.Clients.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null)
        {
            return new(null, EffectiveSource.None, "Client introuvable.");
        }

        var ids = client.ReseauId is { } reseau && reseau != clientId ? new[] { clientId, reseau } : [clientId];
        var connexions = await ConnexionSets.ForClientsAsync(db, integration, ids, cancellationToken);
        return Resolve(integration, client, connexions.SingleOrDefault(c => c.ClientId == clientId),
            connexions.SingleOrDefault(c => c.ClientId != clientId));
    }

    public static EffectiveConnexion Resolve(Integration integration, Client client, Connexion? own, Connexion? network)
    {
        var name = ConnexionLabels.Of(integration);
        if (own is { Actif: true })
        {
            return new(own, EffectiveSource.Own, client.ClientType == ClientType.Reseau
                ? $"Le réseau utilise sa propre connexion {name}."
                : $"L'agence utilise sa propre connexion {name}, active.");
        }

        var ownState = own is null ? "L'agence n'a pas de connexion " + name : "La connexion " + name + " de l'agence est désactivée";
        if (client.ClientType != ClientType.ReseauAgence)
        {
            return new(null, EffectiveSource.None, own is null
                ? $"Aucune connexion {name} n'est configurée."
                : $"La connexion {name} est désactivée : rien ne l'utilise.");
        }

        if (network is null)
        {
            return new(null, EffectiveSource.None, $"{ownState}, et le réseau ne lui en partage aucune.");
        }

        if (!network.PartageAgences)
        {
            return new(null, EffectiveSource.None, $"{ownState}, et le réseau ne partage pas la sienne avec ses agences.");
        }

        return network.Actif
            ? new(network, EffectiveSource.Network, $"{ownState} : elle utilise celle du réseau, partagée avec ses agences.")
            : new(null, EffectiveSource.None, $"{ownState}, et la connexion partagée du réseau est désactivée.");
    }
}

public enum EffectiveSource
{
    None,
    Own,
    Network,
}
