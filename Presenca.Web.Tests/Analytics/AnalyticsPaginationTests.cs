using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Data;
using Presenca.Web.Analytics;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Analytics.AnalyticsPagesTests;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Analytique's server-side tables show campaigns fifty per page and contacts fifty per page in
/// address order, with buttons that walk every contact exactly once, forwards and back (keyset:
/// each page is the one after, or before, a contact). The demo's Agence Soleil has 120 contacts.
/// </summary>
public sealed class AnalyticsPaginationTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    // A ceiling for a loaded machine, not a pause: waits end as soon as the rows are there.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static List<string> Contacts(IRenderedComponent<AnalyticsPage> page) =>
        [.. ContactRows(page).Select(r => r.QuerySelector("th")!.TextContent.Trim())];

    private static bool Has(IRenderedComponent<AnalyticsPage> page, string testId) => page.FindAll($"[data-testid={testId}]").Count > 0;

    [Fact]
    public async Task Contact_pages_follow_the_address_order_forwards_and_back_without_gaps_or_repeats()
    {
        await using var soleil = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        var expected = (await factory.Database.QueryAsOwnerAsync<string>("""
            select string_agg(c.email, '|' order by c.email_lower, c.id) from contacts c
            join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Soleil'
            """)).Split('|');
        Assert.Equal(120, expected.Length);

        var page = AnalyticsPagesTests.Analytics(soleil);
        Assert.Equal(expected[..50], Contacts(page));
        Assert.False(Has(page, "contacts-precedents"));
        Assert.Equal("Contacts (120)", page.Find("#titre-contacts").TextContent.Trim());

        void Go(string button, string[] shown)
        {
            page.Find($"[data-testid={button}]").Click();
            page.WaitForAssertion(() => Assert.Equal(shown, Contacts(page)), Wait);
        }

        Go("contacts-suivants", expected[50..100]);
        Go("contacts-suivants", expected[100..]);
        Assert.False(Has(page, "contacts-suivants"));
        Go("contacts-precedents", expected[50..100]);
        Go("contacts-precedents", expected[..50]);
        Assert.False(Has(page, "contacts-precedents"));
    }

    [Fact]
    public async Task Campaigns_come_fifty_per_page_while_the_totals_count_every_campaign_of_the_period()
    {
        // Signed in first: starting the app seeds the demo, which the campaigns below go on top of.
        await using var soleil = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        await factory.Database.ExecuteAsOwnerAsync("""
            insert into email_campaigns (organisation_id, client_id, name, subject, content, status, started_at)
            select organisation_id, client_id, 'Série ' || i, 's', 'c', 'sent', now() - make_interval(hours => i)
            from clients, generate_series(1, 55) i where client_nom = 'Agence Soleil';
            """);
        var count = await factory.Database.QueryAsOwnerAsync<long>("""
            select count(*) from email_campaigns m join clients k on k.client_id = m.client_id
            where k.client_nom = 'Agence Soleil' and coalesce(m.started_at, m.created_at) >= now() - interval '29 days'
            """);

        var page = AnalyticsPagesTests.Analytics(soleil, sort: "nom");
        static List<string> Ids(IRenderedComponent<AnalyticsPage> page) =>
            [.. CampaignRows(page).Select(r => r.QuerySelector("[data-campaign-id]")!.GetAttribute("data-campaign-id")!)];
        var first = Ids(page);
        Assert.Equal(50, first.Count);
        Assert.Equal($"Campagnes ({count})", page.Find("#titre-campagnes").TextContent.Trim());
        Assert.Equal("Page 1 sur 2", page.Find("[data-testid=page-campagnes]").TextContent.Trim());

        page.Find("[data-testid=pages-campagnes] .mud-table-pagination-next-button").Click();
        page.WaitForAssertion(() => Assert.Equal(count - 50, Ids(page).Count), Wait);
        var last = Ids(page);
        Assert.Empty(first.Intersect(last));
        Assert.Equal("Page 2 sur 2", page.Find("[data-testid=page-campagnes]").TextContent.Trim());

        // A page past the last (an old link, or campaigns deleted meanwhile) shows the last one.
        await using var db = await soleil.AppServices.GetRequiredService<IDbContextFactory<PresencaDbContext>>().CreateDbContextAsync();
        var filter = AnalyticsFilter.From(null, null, "nom", campaignPage: 99);
        var scope = await AnalyticsScope.LoadAsync(db, filter, CancellationToken.None);
        var beyond = await AnalyticsQueries.CampaignPageAsync(db, scope, filter, DateTimeOffset.UtcNow, (int)count, CancellationToken.None);
        Assert.Equal(2, beyond.Page);
        Assert.Equal(last, beyond.Rows.Select(r => r.CampaignId.ToString()));
    }
}
