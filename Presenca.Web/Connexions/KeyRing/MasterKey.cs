using System.Security.Cryptography;

namespace Presenca.Web.Connexions.KeyRing;

/// <summary>
/// The 32-byte key (configuration <c>Presenca:DataProtection:MasterKey</c>, base64) that encrypts
/// the Data Protection key ring stored in PostgreSQL. A database dump alone then reveals no secret:
/// the keys it holds are themselves encrypted with a key that lives only in configuration.
/// </summary>
public sealed class MasterKey
{
    public const string ConfigurationKey = "Presenca:DataProtection:MasterKey";

    // Not a secret, and known to be none: only Development and Testing fall back on it
    // (appsettings.Development.json repeats it so a developer sees where it comes from).
    internal const string DevelopmentKeyBase64 = "UHJlc2VuY2EtZGV2LW1hc3Rlci1rZXktbm90LXNlY3I=";

    private MasterKey(byte[] key)
    {
        Key = key;
        KeyId = Convert.ToHexString(SHA256.HashData(key).AsSpan(0, 8)).ToLowerInvariant();
    }

    public byte[] Key { get; }

    /// <summary>A fingerprint stored beside each encrypted key, to name a wrong master key clearly.</summary>
    public string KeyId { get; }

    public static MasterKey From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
            {
                configured = DevelopmentKeyBase64;
            }
            else
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} est vide : Presenca refuse de démarrer sans clé maîtresse, car les clés API des " +
                    "connexions seraient chiffrées avec des clés lisibles dans la base. Générez-en une avec " +
                    "`openssl rand -base64 32` et passez-la par la variable d'environnement Presenca__DataProtection__MasterKey.");
            }
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(configured.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{ConfigurationKey} n'est pas du base64 valide (attendu : 32 octets en base64).");
        }

        return key.Length == 32
            ? new MasterKey(key)
            : throw new InvalidOperationException($"{ConfigurationKey} doit faire 32 octets une fois décodé (il en fait {key.Length}).");
    }
}
