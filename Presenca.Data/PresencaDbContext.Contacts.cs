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
        FilterByClient<Contact>(builder);
        FilterByClient<ContactOrganization>(builder);
        FilterByClient<ContactImport>(builder);
        FilterByClient<ContactImportIssue>(builder);
    }
}
