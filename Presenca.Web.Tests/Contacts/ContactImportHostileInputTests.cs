using System.Globalization;
using System.Net;
using Npgsql;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

/// <summary>Files a hostile tenant or a hurried user would send (issue 13, items 1, 2, 3, 4, 7 and 11).</summary>
public sealed class ContactImportHostileInputTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private TestDatabase Database => factory.Database;

    private static string Punycode(string domain) => new IdnMapping().GetAscii(domain);

    [Fact]
    public async Task Invisible_characters_display_names_several_addresses_long_names_and_idn_are_each_reported_on_their_row()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var longName = "Longue " + new string('L', 600);
        var file = ContactFixtures.Xlsx(
            ["Organisation", "Adresse e-mail"],
            ["Acme\u200B", "zero@hostile-one.fr"],
            ["ACME", "zero\u200B@hostile-one.fr"],
            ["\u202EAcme", "rlo\u202E@hostile-one.fr"],
            ["\u200B\u2066 \u2069", "sans-organisation@hostile-one.fr"],
            ["Dupont", "Jean Dupont <jean.dupont@hostile-one.fr>"],
            ["Dupont", "MAILTO:marie@hostile-one.fr"],
            ["Dupont", "paul@hostile-one.fr, pierre@hostile-one.fr"],
            [longName, "long@hostile-one.fr"],
            ["Bücher", "idn@bücher-hostile-one.ch"],
            ["Bücher", "idn@" + Punycode("bücher-hostile-one.ch")]);

        var (importId, page) = await ContactsClient.ImportAsync(client, Database, "hostile.xlsx", file);

        Assert.Equal("6", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.Equal("3", page.QuerySelector("[data-testid=import-invalid]")!.TextContent.Trim());
        var issues = page.QuerySelectorAll("[data-testid=import-issues] tbody tr")
            .ToDictionary(r => r.QuerySelector("td")!.TextContent.Trim(), r => r.TextContent);
        Assert.Contains("Ligne 1 : en-tête ignoré", issues["1"]);
        Assert.Contains("caractère invisible ou de contrôle (U+200B)", issues["3"]);
        Assert.Contains("caractère invisible ou de contrôle (U+202E)", issues["4"]);
        Assert.Contains("Adresse extraite de « Jean Dupont <jean.dupont@hostile-one.fr> »", issues["6"]);
        Assert.Contains("Adresse extraite de « MAILTO:marie@hostile-one.fr »", issues["7"]);
        Assert.Contains("Plusieurs adresses dans la cellule", issues["8"]);
        Assert.Contains("Nom tronqué à 500 caractères", issues["9"]);
        Assert.Contains("Déjà présente à la ligne 10", issues["11"]);
        Assert.False(issues.ContainsKey("2"));
        Assert.False(issues.ContainsKey("5"));
        // The refused address keeps its override in the report, isolated so it cannot reorder the row.
        Assert.Contains(page.QuerySelectorAll("[data-testid=import-issues] bdi"), b => b.TextContent == "rlo\u202E@hostile-one.fr");

        var contacts = $"from contacts where import_id = '{importId}'";
        Assert.Equal(1L, await ContactsClient.CountAsync(Database, $"select count(*) {contacts} and email = 'zero@hostile-one.fr' and organization_name = 'Acme'"));
        Assert.Equal(1L, await ContactsClient.CountAsync(Database, $"select count(*) {contacts} and email = 'sans-organisation@hostile-one.fr' and organization_id is null"));
        Assert.Equal(2L, await ContactsClient.CountAsync(Database, $"select count(*) {contacts} and email in ('jean.dupont@hostile-one.fr', 'marie@hostile-one.fr')"));
        Assert.Equal(500, await Database.QueryAsOwnerAsync<int>($"select length(organization_name) {contacts} and email = 'long@hostile-one.fr'"));
        Assert.Equal("idn@bücher-hostile-one.ch", await Database.QueryAsOwnerAsync<string>($"select email {contacts} and email like 'idn@%'"));
        Assert.Equal(0L, await ContactsClient.CountAsync(Database, "select count(*) from contacts where email like '%\u200B%' or email like '%\u202E%' or email like '%pierre@hostile-one.fr%'"));
        Assert.Equal(0L, await ContactsClient.CountAsync(Database, "select count(*) from contact_organizations where name ~ '[\u200B\u202E\u2066\u2069]'"));

        var report = await client.GetAsync($"/contacts/imports/{importId}/rapport");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var sheets = ContactFixtures.ReadWorkbook(await report.Content.ReadAsByteArrayAsync());
        Assert.Contains(sheets["Remarques"], r => r[0] == "1" && r[4] == "Ligne 1 : en-tête ignoré");
        Assert.Contains(sheets["Remarques"], r => r[0] == "6" && r[1] == "jean.dupont@hostile-one.fr" && r[4].StartsWith("Adresse extraite de", StringComparison.Ordinal));
        Assert.Contains(sheets["Remarques"], r => r[0] == "9" && r[4] == "Nom tronqué à 500 caractères");
        Assert.Equal(["3", "4", "8", "11"], sheets["Non importés"].Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task A_first_row_that_only_contains_a_header_word_is_read_as_data_and_reported()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var file = ContactFixtures.Csv(ContactFixtures.Utf8NoBom, ';', ["Société Dupont", "pas-un-email"], ["Société Dupont", "ok@header-two.fr"]);

        var (importId, page) = await ContactsClient.ImportAsync(client, Database, "sans-entete.csv", file);

        Assert.Equal("1", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        var first = page.QuerySelectorAll("[data-testid=import-issues] tbody tr").Single();
        Assert.Equal("1", first.QuerySelector("td")!.TextContent.Trim());
        Assert.Contains("Il manque le @", first.TextContent);
        Assert.DoesNotContain("en-tête", page.Body!.TextContent);
        Assert.Equal(1L, await ContactsClient.CountAsync(Database,
            $"select count(*) from contact_import_issues where import_id = '{importId}' and row_number = 1 and kind = 'invalide' and email = 'pas-un-email'"));
    }

    [Fact]
    public async Task An_idn_address_already_stored_in_punycode_is_found_as_a_duplicate_of_its_unicode_spelling()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        await ContactsClient.ImportAsync(client, Database, "graine.xlsx", ContactFixtures.Xlsx(["Graine", "graine@idn-three.fr"]));
        // Stored as typed before domains were kept in Unicode.
        var legacy = "ancien@" + Punycode("müller-idn-three.de");
        await Database.ExecuteAsOwnerAsync($"""
            insert into contacts (organisation_id, client_id, email)
            select organisation_id, client_id, '{legacy}' from contacts where email = 'graine@idn-three.fr'
            """);
        var contactsBefore = await ContactsClient.CountAsync(Database, "select count(*) from contacts");

        var (_, page) = await ContactsClient.ImportAsync(client, Database, "idn.xlsx", ContactFixtures.Xlsx(["Müller", "ancien@MÜLLER-idn-three.de"]));

        Assert.Equal("0", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.Contains("Déjà dans vos contacts", page.QuerySelector("[data-testid=import-issues]")!.TextContent);
        Assert.Equal(contactsBefore, await ContactsClient.CountAsync(Database, "select count(*) from contacts"));
    }

    [Fact]
    public async Task Company_names_keeping_bidi_controls_are_shown_isolated_on_every_contacts_page()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var (importId, _) = await ContactsClient.ImportAsync(client, Database, "bidi.xlsx", ContactFixtures.Xlsx(["Provisoire", "bidi@bidi-four.fr"]));
        // Only SQL or an older import can leave controls in a name; right-to-left letters are always allowed.
        const string name = "\u202Eشركة النور\u202C (Lyon)";
        await Database.ExecuteAsOwnerAsync($"""
            update contact_organizations set name = E'{name}' where id = (select organization_id from contacts where import_id = '{importId}');
            update contacts set organization_name = E'{name}' where import_id = '{importId}';
            """);
        var contactId = await Database.QueryAsOwnerAsync<Guid>($"select id from contacts where import_id = '{importId}'");
        var organizationId = await Database.QueryAsOwnerAsync<Guid>($"select organization_id from contacts where import_id = '{importId}'");

        foreach (var path in new[] { "/contacts?q=bidi-four.fr", $"/contacts/{contactId}", "/contacts/organisations", $"/contacts?organisation={organizationId}" })
        {
            var page = await ContactsClient.PageAsync(client, path);
            var shown = page.QuerySelectorAll("bdi").Where(b => b.TextContent == name).ToList();
            Assert.True(shown.Count > 0, $"{path} does not isolate the name");
            Assert.DoesNotContain(page.QuerySelectorAll("a, td, dd, strong"), e => e.ChildNodes.Any(n => n.NodeType == AngleSharp.Dom.NodeType.Text && n.TextContent.Contains("شركة")));
        }
    }

    [Fact]
    public async Task A_zip_bomb_whose_headers_declare_small_sizes_is_refused_at_upload_and_nothing_is_written()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var importsBefore = await ContactsClient.CountAsync(Database, "select count(*) from contact_imports");

        var response = await ContactsClient.UploadAsync(client, "bombe-maquillee.xlsx", ForgedZipBomb.Make(40L * 1024 * 1024));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await ContactsClient.PageAsync(client, response.Headers.Location!.OriginalString);
        Assert.Contains("anormalement grand", page.QuerySelector("[data-testid=import-refusal]")!.TextContent);
        Assert.Equal(importsBefore, await ContactsClient.CountAsync(Database, "select count(*) from contact_imports"));
        Assert.Equal(0L, await ContactsClient.CountAsync(Database, "select count(*) from contacts where email like '%forged-bomb.fr'"));
    }

    [Fact]
    public async Task An_import_that_takes_a_while_records_when_it_really_finished()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        // Enough rows that the import reports progress (every 5,000 rows) well before its end.
        var rows = Enumerable.Range(0, 30_000).Select(i => new[] { $"Société {i % 50}", $"personne{i}@duration-six.fr" }).ToArray();
        var response = await ContactsClient.UploadAsync(client, "long.xlsx", ContactFixtures.Xlsx(rows));
        var importId = Guid.Parse(response.Headers.Location!.OriginalString["/contacts/imports/".Length..]);

        // A moment by the database's own clock at which the import was provably still running.
        var stillRunningAt = await MomentWhileRunningAsync(importId);
        await ContactsClient.WaitForImportAsync(Database, importId);

        Assert.Equal("terminee", await Database.QueryAsOwnerAsync<string>($"select status from contact_imports where id = '{importId}'"));
        Assert.True(await Database.QueryAsOwnerAsync<bool>($"select finished_at > '{stillRunningAt:O}'::timestamptz from contact_imports where id = '{importId}'"),
            "finished_at is earlier than a moment the import was still running");
        Assert.True(await Database.QueryAsOwnerAsync<bool>($"select updated_at > '{stillRunningAt:O}'::timestamptz from contact_imports where id = '{importId}'"),
            "updated_at is earlier than a moment the import was still running");
        Assert.True(await Database.QueryAsOwnerAsync<bool>($"select finished_at - started_at > '{stillRunningAt:O}'::timestamptz - started_at from contact_imports where id = '{importId}'"));
    }

    private async Task<DateTimeOffset> MomentWhileRunningAsync(Guid importId)
    {
        await using var connection = new NpgsqlConnection(Database.OwnerConnectionString);
        await connection.OpenAsync();
        // The import runs in the background: polled often, so that the moment falls inside its run.
        DateTimeOffset? moment = null;
        await Eventually.UntilAsync(
            async () =>
            {
                await using var command = new NpgsqlCommand("select status, processed_rows, clock_timestamp() from contact_imports where id = $1", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = importId });
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                var status = reader.GetString(0);
                Assert.NotEqual("terminee", status);
                Assert.NotEqual("echouee", status);
                if (status == "en_cours" && reader.GetInt32(1) >= 5_000)
                {
                    moment = reader.GetFieldValue<DateTimeOffset>(2);
                }

                return moment is not null;
            },
            $"import {importId} reporting progress", TimeSpan.FromMinutes(1), interval: TimeSpan.FromMilliseconds(10));
        return moment!.Value;
    }
}
