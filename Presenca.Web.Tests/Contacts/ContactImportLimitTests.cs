using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>An app configured with tiny limits, to prove them without generating huge files.</summary>
public sealed class SmallLimitsWebFactory : PresencaWebFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Presenca:ContactImport:MaxRows"] = "3",
        ["Presenca:ContactImport:MaxFileBytes"] = "2000",
    };
}

public sealed class ContactImportLimitTests(SmallLimitsWebFactory factory) : IClassFixture<SmallLimitsWebFactory>
{
    [Fact]
    public async Task A_file_over_the_row_limit_fails_part_way_and_leaves_the_database_as_before()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var contactsBefore = await ContactsClient.CountAsync(factory.Database, "select count(*) from contacts");
        var organizationsBefore = await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_organizations");
        var file = ContactFixtures.Xlsx(["Nouvelle A", "a@limit.fr"], ["Nouvelle B", "b@limit.fr"], ["Nouvelle C", "c@limit.fr"], ["Nouvelle D", "d@limit.fr"]);

        var (_, page) = await ContactsClient.ImportAsync(client, factory.Database, "trop.xlsx", file);

        Assert.Equal("Échoué", page.QuerySelector("[data-testid=import-status]")!.TextContent.Trim());
        Assert.Contains("dépasse la limite de 3 lignes", page.QuerySelector("[data-testid=import-error]")!.TextContent);
        Assert.Equal(contactsBefore, await ContactsClient.CountAsync(factory.Database, "select count(*) from contacts"));
        Assert.Equal(organizationsBefore, await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_organizations"));
        Assert.Equal(0L, await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_import_issues"));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_in_french_and_nothing_is_written()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var importsBefore = await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_imports");
        var rows = Enumerable.Range(0, 200).Select(i => new[] { "Organisation", $"personne{i}@size.fr" }).ToArray();

        var response = await ContactsClient.UploadAsync(client, "gros.csv", ContactFixtures.Csv(ContactFixtures.Utf8NoBom, ';', rows));

        var page = await ContactsClient.PageAsync(client, response.Headers.Location!.OriginalString);
        Assert.Contains("dépasse la taille maximale", page.QuerySelector("[data-testid=import-refusal]")!.TextContent);
        Assert.Equal(importsBefore, await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_imports"));
    }
}
