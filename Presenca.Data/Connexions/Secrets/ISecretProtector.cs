namespace Presenca.Data.Connexions.Secrets;

/// <summary>Turns a connexion secret into the ciphertext stored in PostgreSQL, and back.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string ciphertext);
}
