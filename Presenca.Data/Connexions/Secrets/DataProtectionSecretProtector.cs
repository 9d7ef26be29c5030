using Microsoft.AspNetCore.DataProtection;

namespace Presenca.Data.Connexions.Secrets;

/// <summary>
/// ASP.NET Core Data Protection with one purpose for every secret column: a ciphertext copied to
/// another purpose (a cookie, a token) does not decrypt there, and vice versa.
/// </summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    public const string Purpose = "Presenca.Connexions.Secrets.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}
