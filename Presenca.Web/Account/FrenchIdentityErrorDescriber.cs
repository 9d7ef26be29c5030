using Microsoft.AspNetCore.Identity;

namespace Presenca.Web.Account;

/// <summary>Identity's messages, in French, as users read them.</summary>
public sealed class FrenchIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Describe(nameof(DefaultError), "Une erreur inattendue est survenue.");

    public override IdentityError PasswordMismatch() => Describe(nameof(PasswordMismatch), "Le mot de passe actuel est incorrect.");

    public override IdentityError InvalidToken() => Describe(nameof(InvalidToken), "Ce lien n'est plus valable.");

    public override IdentityError DuplicateEmail(string email) => Describe(nameof(DuplicateEmail), $"L'adresse {email} est déjà utilisée.");

    public override IdentityError DuplicateUserName(string userName) => Describe(nameof(DuplicateUserName), $"L'identifiant {userName} est déjà utilisé.");

    public override IdentityError InvalidEmail(string? email) => Describe(nameof(InvalidEmail), $"L'adresse « {email} » n'est pas valide.");

    public override IdentityError PasswordTooShort(int length) => Describe(nameof(PasswordTooShort), $"Le mot de passe doit contenir au moins {length} caractères.");

    public override IdentityError PasswordRequiresDigit() => Describe(nameof(PasswordRequiresDigit), "Le mot de passe doit contenir au moins un chiffre.");

    public override IdentityError PasswordRequiresLower() => Describe(nameof(PasswordRequiresLower), "Le mot de passe doit contenir au moins une minuscule.");

    public override IdentityError PasswordRequiresUpper() => Describe(nameof(PasswordRequiresUpper), "Le mot de passe doit contenir au moins une majuscule.");

    public override IdentityError PasswordRequiresNonAlphanumeric() => Describe(nameof(PasswordRequiresNonAlphanumeric), "Le mot de passe doit contenir au moins un caractère spécial.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Describe(nameof(PasswordRequiresUniqueChars), $"Le mot de passe doit contenir au moins {uniqueChars} caractères différents.");

    public override IdentityError ConcurrencyFailure() => Describe(nameof(ConcurrencyFailure), "Ce compte a été modifié entre-temps : rechargez la page.");

    private static IdentityError Describe(string code, string description) => new() { Code = code, Description = description };
}
