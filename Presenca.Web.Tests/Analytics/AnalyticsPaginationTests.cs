using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Analytique shows campaigns fifty per page and contacts fifty per page in address order, with
/// links that walk every contact exactly once, forwards and back. The demo's Agence Soleil has 120 contacts.
/// </summary>
public sealed class AnalyticsPaginationTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string path) =>
        await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(path));

    private static List<string> Contacts(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=table-contacts] tbody tr th").Select(c => c.TextContent.Trim()).ToList();

    private static string? Link(IHtmlDocument page, string nav, string rel) =>
        page.QuerySelector($"nav[aria-label='{nav}'] a[rel={rel}]")?.GetAttribute("href");

    [Fact]
    public async Task Contact_pages_follow_the_address_order_forwards_and_back_without_gaps_or_repeats()
    {
        var soleil = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        var expected = (await factory.Database.QueryAsOwnerAsync<string>("""
            select string_agg(c.email, '|' order by c.email_lower, c.id) from contacts c
            join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Soleil'
            """)).Split('|');
        Assert.Equal(120, expected.Length);

        var first = await PageAsync(soleil, "/analytique");
        var second = await PageAsync(soleil, Link(first, "Pages de contacts", "next")!);
        var third = await PageAsync(soleil, Link(second, "Pages de contacts", "next")!);
        var back = await PageAsync(soleil, Link(third, "Pages de contacts", "prev")!);

        Assert.Equal(expected[..50], Contacts(first));
        Assert.Null(Link(first, "Pages de contacts", "prev"));
        Assert.Equal(expected[50..100], Contacts(second));
        Assert.Equal(expected[100..], Contacts(third));
        Assert.Null(Link(third, "Pages de contacts", "next"));
        Assert.Equal(expected[50..100], Contacts(back));
        Assert.Equal(expected[..50], Contacts(await PageAsync(soleil, Link(back, "Pages de contacts", "prev")!)));
        Assert.Equal("Contacts (120)", first.QuerySelector("#titre-contacts")!.TextContent.Trim());
    }

    [Fact]
    public async Task Campaigns_come_fifty_per_page_while_the_totals_count_every_campaign_of_the_period()
    {
        // Signed in first: starting the app seeds the demo, which the campaigns below go on top of.
        var soleil = await SignedInClient.SignInAsync(factory, DemoAccounts.Independante.Email);
        await factory.Database.ExecuteAsOwnerAsync("""
            insert into email_campaigns (organisation_id, client_id, name, subject, content, status, started_at)
            select organisation_id, client_id, 'Série ' || i, 's', 'c', 'sent', now() - make_interval(hours => i)
            from clients, generate_series(1, 55) i where client_nom = 'Agence Soleil';
            """);
        var count = await factory.Database.QueryAsOwnerAsync<long>("""
            select count(*) from email_campaigns m join clients k on k.client_id = m.client_id
            where k.client_nom = 'Agence Soleil' and coalesce(m.started_at, m.created_at) >= now() - interval '29 days'
            """);

        var first = await PageAsync(soleil, "/analytique?tri=nom");
        var last = await PageAsync(soleil, Link(first, "Pages de campagnes", "next")!);
        var beyond = await PageAsync(soleil, "/analytique?tri=nom&page=99");

        static List<string> Names(IHtmlDocument page) =>
            page.QuerySelectorAll("[data-testid=table-campagnes] tbody tr").Select(r => r.GetAttribute("data-campaign-id")!).ToList();
        Assert.Equal(50, Names(first).Count);
        Assert.Equal(count - 50, Names(last).Count);
        Assert.Empty(Names(first).Intersect(Names(last)));
        Assert.Equal(Names(last), Names(beyond));
        Assert.Equal($"Campagnes ({count})", first.QuerySelector("#titre-campagnes")!.TextContent.Trim());
        Assert.Contains("Page 2 sur 2", last.QuerySelector("nav[aria-label='Pages de campagnes']")!.TextContent);
    }
}
