namespace Presenca.Data.Tenancy;

/// <summary>
/// One row per network or agency, written by triggers on <c>reseaux</c>, <c>reseau_agence</c> and
/// <c>agence_independante</c>. It gives connexions, contacts and users a real composite foreign key
/// (the seeds' "FK dynamique"), and <see cref="ReseauId"/> says which network a client sits in.
/// </summary>
public sealed class Client
{
    public Guid ClientId { get; private set; }

    public Guid OrganisationId { get; private set; }

    public ClientType ClientType { get; private set; }

    /// <summary>The network itself for a network, its network for an agency, null for an independent agency.</summary>
    public Guid? ReseauId { get; private set; }

    public string ClientNom { get; private set; } = "";
}
