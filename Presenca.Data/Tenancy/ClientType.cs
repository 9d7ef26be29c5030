namespace Presenca.Data.Tenancy;

/// <summary>The kind of owner a connexion, a contact or a user belongs to (seed 001).</summary>
public enum ClientType
{
    Reseau,
    ReseauAgence,
    AgenceIndependante,
}
