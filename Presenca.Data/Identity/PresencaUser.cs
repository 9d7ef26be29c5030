using Microsoft.AspNetCore.Identity;
using Presenca.Data.Tenancy;

namespace Presenca.Data.Identity;

/// <summary>A person who signs in. Belongs to one organisation and one client, with one role.</summary>
public sealed class PresencaUser : IdentityUser<Guid>
{
    public required string NomComplet { get; set; }

    /// <summary>Null only for Presenca admins, who see every organisation.</summary>
    public Guid? OrganisationId { get; set; }

    public Guid? ClientId { get; set; }

    public UserRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
