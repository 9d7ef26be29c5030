using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Presenca.Web.Analytics;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Every figure of Aperçu and Analytique, read from the rendered pages, against <see cref="AnalyticsDataSet"/>:
/// Aperçu from its prerendered HTML, Analytique as its circuit renders it (its tables load from the server once interactive).
/// </summary>
public sealed class AnalyticsPagesTests(AnalyticsWebFactory factory) : IClassFixture<AnalyticsWebFactory>
{
    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string path) =>
        await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(path));

    private static string Text(IParentNode page, string testId) =>
        page.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? throw new InvalidOperationException($"no {testId}");

    internal static string Cell(IElement row, string column) => row.QuerySelector($"[data-col={column}]")!.TextContent.Trim();

    // A ceiling for a loaded machine, not a pause: waits end as soon as the rows are there.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Analytique as its circuit renders it, once its server-side tables have their rows.</summary>
    internal static IRenderedComponent<AnalyticsPage> Analytics(SignedInPage signedIn, string? period = null, Guid? client = null, string? sort = null)
    {
        var navigation = signedIn.Bunit.Services.GetRequiredService<NavigationManager>();
        var query = new Dictionary<string, object?> { ["periode"] = period, ["client"] = client?.ToString(), ["tri"] = sort };
        navigation.NavigateTo(navigation.GetUriWithQueryParameters("/analytique", query));
        var page = signedIn.Render<AnalyticsPage>();
        page.WaitForAssertion(() =>
        {
            Assert.NotNull(page.Find("#titre-contacts"));
            Assert.True(page.FindAll("[data-testid=table-campagnes]").Count == 0 || CampaignRows(page).Count > 0, "campaigns still loading");
            Assert.True(page.FindAll("[data-testid=table-contacts]").Count == 0 || ContactRows(page).Count > 0, "contacts still loading");
        }, Wait);
        return page;
    }

    private static string Text(IRenderedComponent<AnalyticsPage> page, string testId) => page.Find($"[data-testid={testId}]").TextContent.Trim();

    internal static List<IElement> CampaignRows(IRenderedComponent<AnalyticsPage> page) =>
        [.. page.FindAll("[data-testid=table-campagnes] [data-campaign-id]").Select(c => c.ParentElement!)];

    internal static List<IElement> ContactRows(IRenderedComponent<AnalyticsPage> page) =>
        [.. page.FindAll("[data-testid=table-contacts] [data-contact-id]").Select(c => c.ParentElement!)];

    internal static List<string> CampaignNames(IRenderedComponent<AnalyticsPage> page) => [.. CampaignRows(page).Select(r => Cell(r, "nom"))];

    private static IElement CampaignRow(IRenderedComponent<AnalyticsPage> page, string name) => CampaignRows(page).Single(r => Cell(r, "nom") == name);

    [Fact]
    public async Task An_agency_overview_shows_its_own_figures_and_its_sending_campaign()
    {
        var nord = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var page = await PageAsync(nord, "/");

        Assert.Equal("3", Text(page, "total-contacts"));
        Assert.Equal("2", Text(page, "total-organisations"));
        Assert.Equal("1", Text(page, "campagnes-actives"));
        Assert.Equal("1", Text(page, "envoyes-aujourdhui"));
        // 30 days: 14 emails, 11 left the queue; 6 delivered, 2 bounced, 2 opened.
        Assert.Equal("54,5 %", Text(page, "taux-delivrance"));
        Assert.Equal("18,2 %", Text(page, "taux-rebond"));
        Assert.Equal("18,2 %", Text(page, "taux-ouverture"));
        var sending = Assert.Single(page.QuerySelectorAll("[data-testid=envoi-en-cours]"));
        Assert.Contains("Relance Nord", sending.TextContent);
        Assert.Equal("1 / 4 e-mails traités (25 %)", Text(sending, "envoi-progression"));
        Assert.DoesNotContain("Autre envoi", page.Body!.TextContent);
        Assert.DoesNotContain("Offre Sud", page.Body!.TextContent);
        var warnings = page.QuerySelectorAll("[data-testid=alerte-connexion]").Select(a => a.TextContent).ToList();
        Assert.Contains(warnings, w => w.Contains("La connexion Brevo de Agence Lyon Nord a utilisé 85 de ses 100 appels du jour (85 %)."));
        Assert.DoesNotContain(warnings, w => w.Contains("Marseille Sud"));
    }

    [Fact]
    public async Task A_director_overview_adds_up_the_network_and_never_another_organisation()
    {
        var directeur = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);

        var page = await PageAsync(directeur, "/");

        Assert.Equal("5", Text(page, "total-contacts"));
        Assert.Equal("3", Text(page, "total-organisations"));
        Assert.Equal("1", Text(page, "campagnes-actives"));
        Assert.Equal("1", Text(page, "envoyes-aujourdhui"));
        // 19 emails, 16 left; 10 delivered, 3 bounced, 3 opened.
        Assert.Equal("62,5 %", Text(page, "taux-delivrance"));
        Assert.Equal("18,8 %", Text(page, "taux-rebond"));
        Assert.Equal("18,8 %", Text(page, "taux-ouverture"));
        Assert.Single(page.QuerySelectorAll("[data-testid=envoi-en-cours]"));
        Assert.Contains("Offre Sud", Text(page, "dernieres-campagnes"));
        Assert.Contains(page.QuerySelectorAll("[data-testid=alerte-connexion]"),
            a => a.TextContent.Contains("La connexion Brevo de Agence Marseille Sud a échoué à son dernier test (Clé refusée)."));
        Assert.DoesNotContain("Autre envoi", page.Body!.TextContent);
    }

    [Fact]
    public async Task The_admin_overview_counts_every_organisation()
    {
        var admin = await SignedInClient.SignInAsync(factory, DemoAccounts.Admin.Email);

        var page = await PageAsync(admin, "/");

        Assert.Equal("11", Text(page, "total-contacts"));
        Assert.Equal("5", Text(page, "total-organisations"));
        Assert.Equal("2", Text(page, "campagnes-actives"));
        Assert.Equal("8", Text(page, "envoyes-aujourdhui"));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=envoi-en-cours]").Length);
    }

    [Fact]
    public async Task An_independent_agency_without_recent_campaigns_reads_dashes_not_zeros()
    {
        var soleil = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);

        var page = await PageAsync(soleil, "/");

        Assert.Equal("1", Text(page, "total-contacts"));
        Assert.Equal("–", Text(page, "taux-delivrance"));
        Assert.Contains("Aucune campagne n'est en cours d'envoi", Text(page, "aucun-envoi"));
    }

    [Fact]
    public async Task An_agency_analytics_page_shows_every_status_count_and_rate_of_its_campaigns()
    {
        await using var nord = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);

        var page = Analytics(nord);

        Assert.Equal(2, CampaignRows(page).Count);
        var printemps = CampaignRow(page, "Printemps Nord");
        Assert.Equal(["10", "0", "0", "2", "5", "1", "2", "2", "70,0 %", "50,0 %"],
            new[] { "total", "pending", "sending", "sent", "delivered", "failed", "bounced", "opened", "succes", "delivrance" }.Select(c => Cell(printemps, c)));
        var relance = CampaignRow(page, "Relance Nord");
        Assert.Equal(["4", "2", "1", "0", "1", "100,0 %", "100,0 %"],
            new[] { "total", "pending", "sending", "sent", "delivered", "succes", "delivrance" }.Select(c => Cell(relance, c)));

        var statuses = page.FindAll("[data-testid=table-statuts] tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim());
        Assert.Equal(["2", "1", "2", "6", "1", "2"], statuses);
        Assert.Equal("14", Text(page, "total-emails"));

        var days = page.FindAll("[data-testid=table-jours] tbody tr").ToList();
        Assert.Equal(2, days.Count);
        Assert.Equal(["0", "0", "2", "5", "1", "2"], days[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Equal(["2", "1", "0", "1", "0", "0"], days[1].QuerySelectorAll("td").Select(c => c.TextContent.Trim()));

        var organisations = page.FindAll("[data-testid=table-organisations] tbody tr")
            .Select(r => string.Join("|", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal(["Boulangerie Nord|10|6|60,0 %", "Garage Nord|4|0|0,0 %"], organisations);

        var contacts = ContactRows(page)
            .Select(r => $"{r.QuerySelector("th")!.TextContent.Trim()}|{Cell(r, "recus")}|{Cell(r, "delivered")}|{Cell(r, "delivrance")}").ToList();
        Assert.Equal(["anne@boulangerie-nord.fr|2|2|100,0 %", "bruno@garage-nord.fr|1|0|0,0 %", "carla@boulangerie-nord.fr|1|0|–"], contacts);
        Assert.Empty(page.FindAll("[data-testid=table-agences]"));
        Assert.DoesNotContain("Autre envoi", page.Markup);
        Assert.DoesNotContain("Offre Sud", page.Markup);
    }

    [Fact]
    public async Task A_director_sees_the_network_agencies_side_by_side_and_can_filter_by_agency()
    {
        await using var directeur = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);

        var page = Analytics(directeur);

        var agencies = page.FindAll("[data-testid=table-agences] tbody tr")
            .Select(r => $"{r.QuerySelector("th")!.TextContent.Trim()}|{Cell(r, "total")}|{Cell(r, "delivered")}|{Cell(r, "bounced")}|{Cell(r, "failed")}|{Cell(r, "delivrance")}")
            .ToList();
        Assert.Equal(["Agence Lyon Nord|14|6|2|1|54,5 %", "Agence Marseille Sud|5|4|1|0|80,0 %"], agencies);
        Assert.Equal("19", Text(page, "total-emails"));
        Assert.Equal(4, CampaignRows(page).Count);
        Assert.Equal("Contacts (5)", page.Find("#titre-contacts").TextContent.Trim());
        Assert.DoesNotContain("Agence Ailleurs", page.Markup);

        var sud = await factory.Database.QueryAsOwnerAsync<Guid>("select client_id from clients where client_nom = 'Agence Marseille Sud'");
        await using var again = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        var filtered = Analytics(again, period: "30j", client: sud, sort: "nom");
        Assert.Equal(["=SOMME(A1) brouillon", "Offre Sud"], CampaignNames(filtered));
        Assert.Equal("5", Text(filtered, "total-emails"));
        Assert.Equal("Contacts (2)", filtered.Find("#titre-contacts").TextContent.Trim());
    }

    [Fact]
    public async Task An_agency_naming_another_agency_in_the_filter_sees_none_of_its_figures()
    {
        await using var nord = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var sud = await factory.Database.QueryAsOwnerAsync<Guid>("select client_id from clients where client_nom = 'Agence Marseille Sud'");

        var page = Analytics(nord, period: "tout", client: sud);

        Assert.NotNull(page.Find("[data-testid=campagnes-vide]"));
        Assert.Equal("0", Text(page, "total-emails"));
        Assert.Empty(page.FindAll("[data-testid=table-organisations]"));
        Assert.Equal("Contacts (0)", page.Find("#titre-contacts").TextContent.Trim());
        Assert.DoesNotContain("Savon Sud", page.Markup);
    }

    [Fact]
    public async Task The_period_filter_keeps_older_campaigns_out_until_the_period_reaches_them()
    {
        await using var soleil = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        await using var soleilAgain = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);

        var lastMonth = Analytics(soleil, period: "30j");
        var lastQuarter = Analytics(soleilAgain, period: "90j");

        Assert.NotNull(lastMonth.Find("[data-testid=campagnes-vide]"));
        Assert.Equal("0", Text(lastMonth, "total-emails"));
        Assert.Equal("3", Cell(CampaignRow(lastQuarter, "Soleil d'été"), "delivered"));
        Assert.Equal("3", Text(lastQuarter, "total-emails"));
    }

    [Fact]
    public async Task Choosing_a_period_in_the_filter_shows_that_period()
    {
        await using var soleil = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        var navigation = soleil.Bunit.Services.GetRequiredService<NavigationManager>();

        var page = Analytics(soleil, period: "30j");
        await page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("90j"));

        Assert.Equal("/analytique?periode=90j&tri=recent", "/" + navigation.ToBaseRelativePath(navigation.Uri));
    }

    [Fact]
    public async Task Campaigns_sort_by_delivery_rate_on_the_server_both_ways()
    {
        await using var directeur = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);

        var page = Analytics(directeur, sort: "delivrance");
        Assert.Equal(["Relance Nord", "Offre Sud", "Printemps Nord", "=SOMME(A1) brouillon"], CampaignNames(page));

        // A second click on the header asks the database for the other direction: no rate comes first.
        page.FindAll("[data-testid=table-campagnes] .mud-table-sort-label").Single(l => l.TextContent.Contains("Délivrance")).Click();
        page.WaitForAssertion(() => Assert.Equal(["=SOMME(A1) brouillon", "Printemps Nord", "Offre Sud", "Relance Nord"], CampaignNames(page)), Wait);
        var navigation = directeur.Bunit.Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith("tri=delivrance&sens=asc", navigation.Uri);
        Assert.Contains("tri=delivrance&sens=asc", page.Find("[data-testid=export-campagnes]").GetAttribute("href"));
    }

    [Fact]
    public async Task Campaign_export_holds_the_figures_and_neutralises_formulas()
    {
        var directeur = await SignedInClient.SignInAsync(factory, DemoAccounts.Directeur.Email);

        var response = await directeur.GetAsync("/analytique/export/campagnes?periode=30j&tri=nom");
        response.EnsureSuccessStatusCode();
        var rows = ReadRows(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal("Campagne", rows[0][0]);
        Assert.Equal(5, rows.Count);
        Assert.Equal("'=SOMME(A1) brouillon", rows[1][0]);
        var printemps = rows.Single(r => r[0] == "Printemps Nord");
        Assert.Equal(["10", "0", "0", "2", "5", "1", "2", "2", "70.0", "50.0"], printemps.Skip(4).Take(10));
        Assert.DoesNotContain(rows, r => r[0] == "Autre envoi");

        var contacts = ReadRows(await directeur.GetByteArrayAsync("/analytique/export/contacts"));
        Assert.Equal(6, contacts.Count);
        Assert.Equal(["anne@boulangerie-nord.fr", "Boulangerie Nord", "2", "2"], contacts[1].Take(4));
    }

    private static List<List<string>> ReadRows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.First().Worksheet;
        return sheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList())
            .ToList();
    }
}
