using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Presenca.Web.Connexions.KeyRing;

/// <summary>
/// Reverses <see cref="MasterKeyXmlEncryptor"/>. Data Protection creates it by type name with the
/// app's services (hence the IServiceProvider constructor).
/// </summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var masterKey = services.GetRequiredService<MasterKey>();
        var keyId = (string?)encryptedElement.Attribute("masterKeyId");
        if (keyId != masterKey.KeyId)
        {
            throw new CryptographicException(
                $"Une clé de protection a été chiffrée avec une autre clé maîtresse ({keyId}) que celle configurée ({masterKey.KeyId}) : vérifiez {MasterKey.ConfigurationKey}.");
        }

        var nonce = Convert.FromBase64String((string?)encryptedElement.Attribute("nonce") ?? "");
        var tag = Convert.FromBase64String((string?)encryptedElement.Attribute("tag") ?? "");
        var ciphertext = Convert.FromBase64String(encryptedElement.Value);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(masterKey.Key, tag.Length))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext, MasterKeyXmlEncryptor.AssociatedData);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
