namespace Presenca.Data.Connexions;

/// <summary><c>&lt;prefix&gt;statut_connexion</c>: the outcome of the last test (seed default 'active').</summary>
public enum ConnexionStatus
{
    Active,
    NonTestee,
    CleInvalide,
    LimiteAtteinte,
    Erreur,
}
