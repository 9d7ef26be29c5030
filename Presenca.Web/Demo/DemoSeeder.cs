using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Identity;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Demo;

/// <summary>
/// Creates the demo tenant once: "Réseau Démo" with two agencies, one independent agency, one
/// user per role and a few hundred contacts. Runs through the app role as a system admin, so it goes through the same
/// row-level security and triggers as everything else. A second run changes nothing.
/// </summary>
public sealed class DemoSeeder(PresencaDatabase database, IServiceProvider services, ILogger<DemoSeeder> logger)
{
    private static readonly Guid SeederId = Guid.Parse("00000000-0000-0000-0000-00000000de70");

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext(Caller.System(SeederId));
        if (await db.Organisations.AnyAsync(o => o.OrganisationNom == DemoAccounts.OrganisationNom, cancellationToken))
        {
            return;
        }

        var organisation = new Organisation { OrganisationId = DemoAccounts.OrganisationId, OrganisationNom = DemoAccounts.OrganisationNom };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);

        var reseau = new Reseau { OrganisationId = organisation.OrganisationId, ReseauNom = DemoAccounts.ReseauNom };
        db.Reseaux.Add(reseau);
        await db.SaveChangesAsync(cancellationToken);

        var nord = new ReseauAgence { OrganisationId = organisation.OrganisationId, ReseauId = reseau.ReseauId, AgenceNom = DemoAccounts.AgenceNordNom };
        var sud = new ReseauAgence { OrganisationId = organisation.OrganisationId, ReseauId = reseau.ReseauId, AgenceNom = DemoAccounts.AgenceSudNom };
        var soleil = new AgenceIndependante { OrganisationId = organisation.OrganisationId, AgenceNom = DemoAccounts.AgenceIndependanteNom };
        db.ReseauAgences.AddRange(nord, sud);
        db.AgencesIndependantes.Add(soleil);
        await db.SaveChangesAsync(cancellationToken);

        await CreateUserAsync(db, DemoAccounts.Admin, null, null);
        await CreateUserAsync(db, DemoAccounts.Directeur, organisation.OrganisationId, reseau.ReseauId);
        await CreateUserAsync(db, DemoAccounts.Collaborateur, organisation.OrganisationId, nord.ReseauAgenceId);
        await CreateUserAsync(db, DemoAccounts.Independante, organisation.OrganisationId, soleil.AgenceIndependanteId);

        DemoContacts.Add(db, organisation.OrganisationId, nord.ReseauAgenceId,
            [("Boulangerie Bellecour", "bellecour-pain.fr"), ("Cabinet Rhône Conseil", "rhone-conseil.fr"), ("Garage des Canuts", "garage-canuts.fr"), ("Mairie de Caluire", "caluire.fr")], 240);
        DemoContacts.Add(db, organisation.OrganisationId, sud.ReseauAgenceId,
            [("Savonnerie du Vieux-Port", "savon-vieuxport.fr"), ("Calanques Plongée", "calanques-plongee.fr")], 90);
        DemoContacts.Add(db, organisation.OrganisationId, soleil.AgenceIndependanteId,
            [("Hôtel Soleil Levant", "soleil-levant.fr"), ("Camping Les Pins", "camping-lespins.fr"), ("Office de Tourisme", "tourisme-soleil.fr")], 120);
        await db.SaveChangesAsync(cancellationToken);
        await DemoCampaigns.AddAsync(db, organisation.OrganisationId, nord.ReseauAgenceId, DemoAccounts.AgenceNordNom, cancellationToken);
        await DemoCampaigns.AddAsync(db, organisation.OrganisationId, soleil.AgenceIndependanteId, DemoAccounts.AgenceIndependanteNom, cancellationToken);
        logger.LogInformation("Demo organisation created with {Count} users", DemoAccounts.All.Count);
    }

    private async Task CreateUserAsync(PresencaDbContext db, DemoAccount account, Guid? organisationId, Guid? clientId)
    {
        // A UserManager bound to the seeder's own context, so it writes with the seeder's identity.
        using var store = new Microsoft.AspNetCore.Identity.EntityFrameworkCore.UserOnlyStore<PresencaUser, PresencaDbContext, Guid>(db);
        using var scope = services.CreateScope();
        var userManager = new UserManager<PresencaUser>(
            store,
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>(),
            scope.ServiceProvider.GetRequiredService<IPasswordHasher<PresencaUser>>(),
            scope.ServiceProvider.GetServices<IUserValidator<PresencaUser>>(),
            scope.ServiceProvider.GetServices<IPasswordValidator<PresencaUser>>(),
            scope.ServiceProvider.GetRequiredService<ILookupNormalizer>(),
            scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>(),
            scope.ServiceProvider,
            scope.ServiceProvider.GetRequiredService<ILogger<UserManager<PresencaUser>>>());
        var user = new PresencaUser
        {
            UserName = account.Email,
            Email = account.Email,
            EmailConfirmed = true,
            NomComplet = account.NomComplet,
            Role = account.Role,
            OrganisationId = organisationId,
            ClientId = clientId,
        };
        var result = await userManager.CreateAsync(user, DemoAccounts.Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {account.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
