namespace Presenca.Data.Tenancy;

public enum UserRole
{
    /// <summary>Presenca staff: sees every organisation.</summary>
    AdminPresenca,

    /// <summary>Runs a network: sees the network and its agencies.</summary>
    DirecteurReseau,

    /// <summary>Works in one agency: sees that agency (and what its network shares with it).</summary>
    CollaborateurAgence,
}
