using System.Net;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Contacts;

public sealed class ContactImportTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private TestDatabase Database => factory.Database;

    [Fact]
    public async Task Import_of_an_xlsx_creates_contacts_and_organisations_skipping_header_blank_rows_and_extra_columns()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var file = ContactFixtures.Xlsx(
            ["Organisation", "Adresse e-mail", "Téléphone"],
            ["Société Générale", " Alice@Xlsx-One.FR ", "0102030405"],
            [null, null, null],
            ["  societe generale ", "bob@xlsx-one.fr"],
            ["", "carole@xlsx-one.fr"],
            ["Épicerie Fine", "=LOWER(\"DAVID@XLSX-ONE.FR\")|david@xlsx-one.fr"]);

        var (importId, page) = await ContactsClient.ImportAsync(client, Database, "clients.xlsx", file);

        Assert.Equal("Terminé", page.QuerySelector("[data-testid=import-status]")!.TextContent.Trim());
        Assert.Contains($"par {DemoAccounts.Collaborateur.NomComplet}", page.QuerySelector("[data-testid=import-status-card]")!.TextContent);
        var history = (await ContactsClient.PageAsync(client, "/contacts/import")).QuerySelectorAll("[data-testid=imports-table] tbody tr");
        Assert.Contains(history, r => r.TextContent.Contains("clients.xlsx") && r.TextContent.Contains(DemoAccounts.Collaborateur.NomComplet) && r.TextContent.Contains("Terminé"));
        Assert.Equal("4", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.Equal("0", page.QuerySelector("[data-testid=import-invalid]")!.TextContent.Trim());
        // The domain is lower-cased, the local part kept; both spellings of the company are one, spelled as first seen.
        var list = await ContactsClient.PageAsync(client, "/contacts?q=xlsx-one.fr");
        var rows = list.QuerySelectorAll("[data-testid=contacts-table] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains(rows, r => r.Contains("Alice@xlsx-one.fr") && r.Contains("Société Générale"));
        Assert.Contains(rows, r => r.Contains("bob@xlsx-one.fr") && r.Contains("Société Générale"));
        Assert.Contains(rows, r => r.Contains("david@xlsx-one.fr") && r.Contains("Épicerie Fine"));
        Assert.Equal(1L, await ContactsClient.CountAsync(Database, "select count(*) from contact_organizations where name_key = 'societe generale'"));
        Assert.Equal(1L, await ContactsClient.CountAsync(Database, $"select count(*) from contacts where import_id = '{importId}' and organization_id is null"));
        var detail = await ContactsClient.PageAsync(client, list.QuerySelector("[data-testid=contacts-table] tbody tr a")!.GetAttribute("href")!);
        Assert.Contains("par l'import « clients.xlsx »", detail.QuerySelector("[data-testid=contact-details]")!.TextContent);
    }

    [Fact]
    public async Task Import_reports_invalid_email_with_its_row_number_and_duplicates_in_the_downloadable_report()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var file = ContactFixtures.Xlsx(
            ["Entreprise", "Email"],
            ["Acme", "ok@report-two.fr"],
            ["Acme", "pas-une-adresse"],
            ["Acme", "OK@report-two.fr"],
            ["Acme", "deux mots@report-two.fr"],
            ["Acme", "x@sansdomaine"]);

        var (importId, page) = await ContactsClient.ImportAsync(client, Database, "rapport.xlsx", file);

        Assert.Equal("1", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.Equal("3", page.QuerySelector("[data-testid=import-invalid]")!.TextContent.Trim());
        var issues = page.QuerySelectorAll("[data-testid=import-issues] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(issues, r => r.Contains('3') && r.Contains("pas-une-adresse") && r.Contains("Il manque le @"));
        Assert.Contains(issues, r => r.Contains("OK@report-two.fr") && r.Contains("Déjà présente à la ligne 2"));

        var report = await client.GetAsync($"/contacts/imports/{importId}/rapport");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.Content.Headers.ContentType!.MediaType);
        var sheets = ContactFixtures.ReadWorkbook(await report.Content.ReadAsByteArrayAsync());
        Assert.Contains(sheets["Résumé"], r => r[0] == "Contacts créés" && r[1] == "1");
        Assert.Contains(sheets["Résumé"], r => r[0] == "Importé par" && r[1] == DemoAccounts.Collaborateur.NomComplet);
        Assert.Contains(sheets["Créés"], r => r[0] == "ok@report-two.fr" && r[1] == "Acme");
        var notImported = sheets["Non importés"];
        Assert.Contains(notImported, r => r[0] == "3" && r[1] == "pas-une-adresse" && r[3] == "Adresse invalide" && r[4] == "Il manque le @");
        Assert.Contains(notImported, r => r[0] == "4" && r[3] == "Doublon dans le fichier");
        Assert.Contains(notImported, r => r[0] == "5" && r[4] == "L'adresse contient un espace");
        Assert.Contains(notImported, r => r[0] == "6" && r[4].StartsWith("Le domaine n'a pas de point", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Importing_the_same_file_again_creates_nothing_and_reports_every_row_as_already_known()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var file = ContactFixtures.Xlsx(["Alpha", "a@again-three.fr"], ["Beta", "b@again-three.fr"], ["Alpha", "c@again-three.fr"]);
        await ContactsClient.ImportAsync(client, Database, "deux-fois.xlsx", file);
        var contactsBefore = await ContactsClient.CountAsync(Database, "select count(*) from contacts");
        var organizationsBefore = await ContactsClient.CountAsync(Database, "select count(*) from contact_organizations");

        var (_, page) = await ContactsClient.ImportAsync(client, Database, "deux-fois.xlsx", file);

        Assert.Equal("0", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.Contains("Déjà dans vos contacts", page.QuerySelector("[data-testid=import-summary]")!.TextContent);
        Assert.Equal(3, page.QuerySelectorAll("[data-testid=import-issues] tbody tr").Count(r => r.TextContent.Contains("Déjà dans vos contacts")));
        Assert.Equal(contactsBefore, await ContactsClient.CountAsync(Database, "select count(*) from contacts"));
        Assert.Equal(organizationsBefore, await ContactsClient.CountAsync(Database, "select count(*) from contact_organizations"));
    }

    [Fact]
    public async Task Import_reads_a_semicolon_csv_in_windows_1252_and_a_comma_csv_in_utf8()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var ansi = ContactFixtures.Csv(ContactFixtures.Windows1252, ';', ["Organisation", "E-mail"], ["Crèmerie Hélène", "helene@csv-four.fr"]);
        var utf8 = ContactFixtures.Csv(ContactFixtures.Utf8NoBom, ',', ["Pâtisserie Noël", "noel@csv-four.fr", "extra"], ["", ""], ["Pâtisserie Noël", "zoe@csv-four.fr"]);

        var (_, first) = await ContactsClient.ImportAsync(client, Database, "ansi.csv", ansi);
        var (_, second) = await ContactsClient.ImportAsync(client, Database, "utf8.csv", utf8);

        Assert.Equal("1", first.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.Equal("2", second.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        var list = (await ContactsClient.PageAsync(client, "/contacts?q=csv-four.fr")).QuerySelector("[data-testid=contacts-table]")!.TextContent;
        Assert.Contains("Crèmerie Hélène", list);
        Assert.Contains("Pâtisserie Noël", list);
    }

    [Fact]
    public async Task Another_agency_can_neither_see_an_import_nor_download_its_report()
    {
        var nord = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var soleil = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        var (importId, _) = await ContactsClient.ImportAsync(nord, Database, "prive.xlsx", ContactFixtures.Xlsx(["Privé", "secret@private-ten.fr"]));

        var page = await soleil.GetAsync($"/contacts/imports/{importId}");
        var report = await soleil.GetAsync($"/contacts/imports/{importId}/rapport");
        var history = await ContactsClient.PageAsync(soleil, "/contacts/import");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("prive.xlsx", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        Assert.DoesNotContain("prive.xlsx", history.Body!.TextContent);
    }

    [Fact]
    public async Task A_director_imports_for_the_network_which_its_agencies_do_not_see()
    {
        var directeur = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);
        var nord = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var (_, page) = await ContactsClient.ImportAsync(directeur, Database, "reseau.xlsx", ContactFixtures.Xlsx(["Siège", "direction@network-twelve.fr"]));

        Assert.Equal("1", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.NotNull((await ContactsClient.PageAsync(directeur, "/contacts?q=network-twelve.fr")).QuerySelector("[data-testid=contacts-table]"));
        Assert.NotNull((await ContactsClient.PageAsync(nord, "/contacts?q=network-twelve.fr")).QuerySelector("[data-testid=contacts-empty]"));
        Assert.Equal(DemoAccounts.ReseauNom, await Database.QueryAsOwnerAsync<string>(
            "select k.client_nom from contacts c join clients k on k.client_id = c.client_id where c.email = 'direction@network-twelve.fr'"));
    }

    [Fact]
    public async Task An_admin_without_an_agency_is_told_why_there_is_no_import_form()
    {
        var admin = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var page = await ContactsClient.PageAsync(admin, "/contacts/import");

        Assert.Null(page.QuerySelector("form[action='/contacts/import']"));
        Assert.Contains("Seuls les comptes d'une agence ou d'un réseau importent des contacts.", page.Body!.TextContent);
    }

    [Fact]
    public async Task Import_reads_an_xls_workbook_made_by_a_spreadsheet_program()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var file = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Contacts", "Fixtures", "contacts.xls"));

        var (importId, page) = await ContactsClient.ImportAsync(client, Database, "contacts.xls", file);

        Assert.Equal("3", page.QuerySelector("[data-testid=import-created]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("[data-testid=import-invalid]")!.TextContent.Trim());
        Assert.Contains(page.QuerySelectorAll("[data-testid=import-issues] tbody tr"),
            r => r.QuerySelector("td")!.TextContent == "6" && r.TextContent.Contains("pas-valide"));
        var list = (await ContactsClient.PageAsync(client, "/contacts?q=xls-nine.fr")).QuerySelector("[data-testid=contacts-table]")!.TextContent;
        Assert.Contains("Julie@xls-nine.fr", list);
        Assert.Equal(2L, await ContactsClient.CountAsync(Database,
            $"select count(*) from contacts where import_id = '{importId}' and organization_name = 'Brasserie Écluse'"));
    }

    [Fact]
    public async Task A_file_that_is_not_what_its_extension_says_is_refused_in_french_and_nothing_is_written()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var importsBefore = await ContactsClient.CountAsync(Database, "select count(*) from contact_imports");
        var csvAsXlsx = ContactFixtures.Csv(ContactFixtures.Utf8NoBom, ';', ["Acme", "a@fake-five.fr"]);

        var response = await ContactsClient.UploadAsync(client, "faux.xlsx", csvAsXlsx);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await ContactsClient.PageAsync(client, response.Headers.Location!.OriginalString);
        Assert.Contains("n'est pas un vrai classeur .xlsx", page.QuerySelector("[data-testid=import-refusal]")!.TextContent);
        Assert.Equal(importsBefore, await ContactsClient.CountAsync(Database, "select count(*) from contact_imports"));
        Assert.Equal(0L, await ContactsClient.CountAsync(Database, "select count(*) from contacts where email like '%fake-five.fr'"));
    }

    [Fact]
    public async Task A_zip_bomb_disguised_as_xlsx_is_refused_and_nothing_is_written()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var importsBefore = await ContactsClient.CountAsync(Database, "select count(*) from contact_imports");
        var bomb = ContactFixtures.Xlsx(["Acme", "a@bomb-six.fr"]);
        using (var stream = new MemoryStream())
        {
            stream.Write(bomb);
            using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
            {
                // 50 Mo of zeros compress to a few dozen kilobytes: a ratio no real workbook has.
                var entry = archive.CreateEntry("xl/media/padding.bin", System.IO.Compression.CompressionLevel.Optimal);
                using var padding = entry.Open();
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 50; i++)
                {
                    padding.Write(zeros);
                }
            }

            bomb = stream.ToArray();
        }

        var response = await ContactsClient.UploadAsync(client, "bombe.xlsx", bomb);

        var page = await ContactsClient.PageAsync(client, response.Headers.Location!.OriginalString);
        Assert.Contains("anormalement grand", page.QuerySelector("[data-testid=import-refusal]")!.TextContent);
        Assert.Equal(importsBefore, await ContactsClient.CountAsync(Database, "select count(*) from contact_imports"));
    }

    [Fact]
    public async Task A_corrupt_workbook_fails_the_import_with_a_french_message_and_creates_no_contact()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var contactsBefore = await ContactsClient.CountAsync(Database, "select count(*) from contacts");
        var good = ContactFixtures.Xlsx(["Acme", "a@corrupt-seven.fr"]);
        using var stream = new MemoryStream();
        stream.Write(good);
        using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = archive.GetEntry("xl/worksheets/sheet1.xml") ?? archive.Entries.First(e => e.FullName.Contains("worksheets/"));
            var name = sheet.FullName;
            sheet.Delete();
            using var writer = new StreamWriter(archive.CreateEntry(name).Open());
            writer.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Acme</t></is></c>");
        }

        var (_, page) = await ContactsClient.ImportAsync(client, Database, "abime.xlsx", stream.ToArray());

        Assert.Equal("Échoué", page.QuerySelector("[data-testid=import-status]")!.TextContent.Trim());
        Assert.Contains("aucun contact n'a été importé", page.QuerySelector("[data-testid=import-error]")!.TextContent);
        Assert.Equal(contactsBefore, await ContactsClient.CountAsync(Database, "select count(*) from contacts"));
    }
}
