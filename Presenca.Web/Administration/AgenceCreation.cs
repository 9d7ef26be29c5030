using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Administration;

/// <summary>
/// Creates an agency where the caller may: an admin in any organisation (in one of its networks,
/// or independent), a director only in the director's own network. The ids come from the
/// circuit, so they are checked here rather than trusted because the form only offers valid ones.
/// </summary>
public sealed class AgenceCreation(IDbContextFactory<PresencaDbContext> contexts)
{
    public sealed record Request(string Nom, Guid? OrganisationId, Guid? ReseauId);

    /// <summary>The French reason nothing was created, or null when the agency was.</summary>
    public async Task<string?> CreateAsync(Request request, Caller caller)
    {
        var nom = request.Nom.Trim();
        await using var db = await contexts.CreateDbContextAsync();
        if (caller.IsAdmin)
        {
            if (request.OrganisationId is not { } organisationId || !await db.Organisations.AnyAsync(o => o.OrganisationId == organisationId))
            {
                return "Choisissez une organisation existante : rien n'a été créé.";
            }

            if (request.ReseauId is { } reseauId)
            {
                if (!await db.Reseaux.AnyAsync(r => r.ReseauId == reseauId && r.OrganisationId == organisationId))
                {
                    return "Ce réseau n'appartient pas à l'organisation choisie : rien n'a été créé.";
                }

                db.ReseauAgences.Add(new ReseauAgence { OrganisationId = organisationId, ReseauId = reseauId, AgenceNom = nom });
            }
            else
            {
                db.AgencesIndependantes.Add(new AgenceIndependante { OrganisationId = organisationId, AgenceNom = nom });
            }
        }
        else if (caller.IsDirector && caller is { OrganisationId: { } ownOrganisation, ClientId: { } ownReseau })
        {
            // A director's agency always lands in the director's own network; ids that point
            // elsewhere are a forgery, refused rather than silently ignored.
            if ((request.OrganisationId is { } organisation && organisation != ownOrganisation)
                || (request.ReseauId is { } reseau && reseau != ownReseau))
            {
                return "Vous ne pouvez créer une agence que dans votre réseau : rien n'a été créé.";
            }

            db.ReseauAgences.Add(new ReseauAgence { OrganisationId = ownOrganisation, ReseauId = ownReseau, AgenceNom = nom });
        }
        else
        {
            return "Vous n'avez pas le droit de créer une agence : rien n'a été créé.";
        }

        await db.SaveChangesAsync();
        return null;
    }
}
