using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Identity;
using Presenca.Data.Modeling;
using Presenca.Data.Tenancy;
using Presenca.Web.Account;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Administration;

/// <summary>
/// Creates a user without a password and hands back a one-time link to choose one. The client
/// (network or agency) comes from the browser, so it is looked up through the caller's own
/// scope; the organisation is never taken from the form but from that client.
/// </summary>
public sealed class UserInvitations(
    IDbContextFactory<PresencaDbContext> contexts,
    UserManager<PresencaUser> users,
    SetPasswordLinks links)
{
    public sealed record Invitation(string NomComplet, string Email, string? Role, Guid? ClientId);

    public sealed record Outcome(PresencaUser? User, string? Link, string? Error);

    public sealed record ClientChoice(Guid ClientId, string Label);

    /// <summary>The networks and agencies the caller may attach a user to.</summary>
    public async Task<List<ClientChoice>> ClientChoicesAsync()
    {
        await using var db = await contexts.CreateDbContextAsync();
        var rows = await db.Clients.AsNoTracking()
            .Select(c => new
            {
                c.ClientId,
                c.ClientNom,
                c.ClientType,
                OrganisationNom = db.Organisations.Where(o => o.OrganisationId == c.OrganisationId).Select(o => o.OrganisationNom).FirstOrDefault(),
            })
            .OrderBy(c => c.OrganisationNom).ThenBy(c => c.ClientType).ThenBy(c => c.ClientNom)
            .ToListAsync();
        return rows.Select(r => new ClientChoice(r.ClientId, $"{r.OrganisationNom} · {r.ClientNom} ({RoleLabels.Of(r.ClientType)})")).ToList();
    }

    public async Task<Outcome> InviteAsync(Invitation invitation, Caller caller)
    {
        // Checked first: a user created without the link to let them in would be stuck.
        if (links.ConfigurationError is { } missing)
        {
            return Refused($"{missing} Rien n'a été créé.");
        }

        if (!AdministrationAccess.CanAdminister(caller))
        {
            return Refused("Vous n'avez pas le droit d'inviter des utilisateurs : rien n'a été créé.");
        }

        if (!SnakeCaseEnumConverter<UserRole>.TryFromText(invitation.Role, out var role))
        {
            return Refused("Choisissez un rôle de la liste.");
        }

        if (role == UserRole.AdminPresenca && !caller.IsAdmin)
        {
            return Refused("Seul un administrateur Presenca peut nommer un administrateur : rien n'a été créé.");
        }

        var user = new PresencaUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            NomComplet = invitation.NomComplet,
            Role = role,
        };

        if (role != UserRole.AdminPresenca)
        {
            if (invitation.ClientId is not { } clientId)
            {
                return Refused("Choisissez le réseau ou l'agence de cet utilisateur.");
            }

            await using var db = await contexts.CreateDbContextAsync();
            var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId);
            if (client is null)
            {
                return Refused("Ce réseau ou cette agence n'existe pas ou ne dépend pas de vous : rien n'a été créé.");
            }

            if (role == UserRole.DirecteurReseau && client.ClientType != ClientType.Reseau)
            {
                return Refused("Un directeur de réseau se rattache à un réseau, pas à une agence.");
            }

            if (role == UserRole.CollaborateurAgence && client.ClientType == ClientType.Reseau)
            {
                return Refused("Un collaborateur d'agence se rattache à une agence, pas à un réseau.");
            }

            user.OrganisationId = client.OrganisationId;
            user.ClientId = client.ClientId;
        }
        else if (invitation.ClientId is not null)
        {
            return Refused("Un administrateur Presenca n'est rattaché à aucun réseau ni agence.");
        }

        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
        {
            return Refused("Vous n'avez pas le droit de créer cet utilisateur : rien n'a été créé.");
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ForeignKeyViolation })
        {
            // The database's own rules (guard_user_row), should the checks above ever drift from them.
            return Refused("Ce rôle ne convient pas à ce réseau ou à cette agence : rien n'a été créé.");
        }

        if (!result.Succeeded)
        {
            return Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return new Outcome(user, await links.CreateAsync(user), null);
    }

    private static Outcome Refused(string message) => new(null, null, message);
}
