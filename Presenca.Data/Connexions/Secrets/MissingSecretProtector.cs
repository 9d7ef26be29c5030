namespace Presenca.Data.Connexions.Secrets;

/// <summary>
/// Stands in when a <see cref="PresencaDatabase"/> was built without a protector (tools, tests that
/// never touch secrets): reading or writing a secret then fails loudly instead of storing plaintext.
/// </summary>
internal sealed class MissingSecretProtector : ISecretProtector
{
    public static readonly MissingSecretProtector Instance = new();

    public string Protect(string plaintext) => throw Missing();

    public string Unprotect(string ciphertext) => throw Missing();

    private static InvalidOperationException Missing() => new(
        "Les secrets des connexions ne peuvent pas être chiffrés : PresencaDatabase a été créée sans ISecretProtector.");
}
