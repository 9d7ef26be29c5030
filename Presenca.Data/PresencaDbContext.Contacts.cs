using Microsoft.EntityFrameworkCore;
using Presenca.Data.Contacts;

namespace Presenca.Data;

public sealed partial class PresencaDbContext
{
    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ContactOrganization> ContactOrganizations => Set<ContactOrganization>();

    public DbSet<ContactImport> ContactImports => Set<ContactImport>();

    public DbSet<ContactImportIssue> ContactImportIssues => Set<ContactImportIssue>();

    // Same rule as the contacts_access policies of 0005: the caller's client, and for a director
    // every client of the network.
    private void AddContactsFilters(ModelBuilder builder)
    {
        builder.Entity<Contact>().HasQueryFilter(c => CallerIsAdmin
            || (c.OrganisationId == CallerOrganisationId
                && (c.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == c.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<ContactOrganization>().HasQueryFilter(o => CallerIsAdmin
            || (o.OrganisationId == CallerOrganisationId
                && (o.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == o.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<ContactImport>().HasQueryFilter(i => CallerIsAdmin
            || (i.OrganisationId == CallerOrganisationId
                && (i.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == i.ClientId && k.ReseauId == CallerClientId)))));

        builder.Entity<ContactImportIssue>().HasQueryFilter(i => CallerIsAdmin
            || (i.OrganisationId == CallerOrganisationId
                && (i.ClientId == CallerClientId
                    || (CallerIsDirector && Clients.Any(k => k.ClientId == i.ClientId && k.ReseauId == CallerClientId)))));
    }
}
