using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>Its own database: the test breaks the last step of every import on purpose.</summary>
public sealed class ContactImportAtomicityTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task An_import_failing_after_its_contacts_were_inserted_leaves_the_database_exactly_as_before()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        // The report lines are written after companies and contacts: make that last statement fail.
        await factory.Database.ExecuteAsOwnerAsync("""
            create function test_break_import() returns trigger language plpgsql as $$ begin raise exception 'panne simulée'; end $$;
            create trigger test_break_import before insert on contact_import_issues for each row execute function test_break_import();
            """);
        const string snapshot = "select count(*) + sum(length(email)) from contacts";
        var contactsBefore = await ContactsClient.CountAsync(factory.Database, snapshot);
        var organizationsBefore = await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_organizations");
        var file = ContactFixtures.Xlsx(["Nouvelle Société", "a@atomic.fr"], ["Autre Société", "b@atomic.fr"], ["Autre Société", "invalide"]);

        var (_, page) = await ContactsClient.ImportAsync(client, factory.Database, "panne.xlsx", file);

        Assert.Equal("Échoué", page.QuerySelector("[data-testid=import-status]")!.TextContent.Trim());
        Assert.Contains("aucun contact n'a été importé", page.QuerySelector("[data-testid=import-error]")!.TextContent);
        Assert.Equal(contactsBefore, await ContactsClient.CountAsync(factory.Database, snapshot));
        Assert.Equal(organizationsBefore, await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_organizations"));
    }
}
