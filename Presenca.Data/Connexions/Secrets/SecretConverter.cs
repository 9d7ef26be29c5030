using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Presenca.Data.Connexions.Secrets;

/// <summary>The EF side of secret columns: every write encrypts, every read decrypts.</summary>
public sealed class SecretConverter(ISecretProtector protector) : ValueConverter<string?, string?>(
    plaintext => plaintext == null ? null : protector.Protect(plaintext),
    ciphertext => ciphertext == null ? null : protector.Unprotect(ciphertext));
