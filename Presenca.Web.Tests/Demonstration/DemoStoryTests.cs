using Presenca.Web.Demo;
using Presenca.Web.Tests.Contacts;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Demonstration;

/// <summary>
/// The demo tells a story a visitor can believe (issue 13): names that stay true after sending,
/// times in the order things happen, a per-day chart on the days emails left, and an import
/// report that says something on each line.
/// </summary>
public sealed class DemoStoryTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private const string InDemo = "from email_campaigns c where c.organisation_id = (select organisation_id from organisations where organisation_nom = 'Organisation Démo')";

    [Fact]
    public async Task No_demo_campaign_is_named_as_a_draft_since_the_name_stays_once_it_is_sent()
    {
        _ = factory.Server; // the demo is seeded when the app starts

        var names = await factory.Database.QueryAsOwnerAsync<string>($"select string_agg(c.name || ':' || c.status, '|' order by c.name, c.client_id) {InDemo}");

        string[] expected = [$"{DemoCampaigns.SentName}:sent", $"{DemoCampaigns.SentName}:sent", $"{DemoCampaigns.DraftName}:draft", $"{DemoCampaigns.DraftName}:draft"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Split('|').Order(StringComparer.Ordinal));
        Assert.DoesNotContain("brouillon", names, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_sent_campaigns_were_created_then_launched_then_sent_delivered_and_opened_in_that_order()
    {
        _ = factory.Server;

        // Each check names what came out of order; an empty answer means the story holds.
        var outOfOrder = await factory.Database.QueryAsOwnerAsync<string>($"""
            select coalesce(string_agg(problem, ' ; '), '') from (
              select c.name || ': created ' || c.created_at || ' not before launched ' || coalesce(c.started_at::text, 'never') as problem
              {InDemo} and c.status = 'sent' and not (c.created_at < c.started_at)
              union all
              select c.name || ': template created after the campaign' {InDemo} and (select t.created_at from email_templates t where t.id = c.template_id) > c.created_at
              union all
              select c.name || ': finished before its last email left' {InDemo} and c.finished_at < (select max(e.sent_at) from emails_sent e where e.campaign_id = c.id)
              union all
              select e.recipient_email || ': ' || case
                       when e.created_at < k.started_at then 'queued before the launch'
                       when e.sent_at < e.created_at then 'sent before it was queued'
                       when e.delivered_at < e.sent_at or e.bounced_at < e.sent_at then 'delivered or bounced before it was sent'
                       else 'opened or clicked before it was delivered' end
              from emails_sent e join email_campaigns k on k.id = e.campaign_id
              where k.organisation_id = '{DemoAccounts.OrganisationId}'
                and (e.created_at < k.started_at or e.sent_at is null or e.sent_at < e.created_at or e.delivered_at < e.sent_at
                     or e.bounced_at < e.sent_at or e.opened_at < e.delivered_at or e.clicked_at < e.delivered_at)
            ) problems
            """);
        var sentCampaigns = await factory.Database.QueryAsOwnerAsync<long>($"select count(*) {InDemo} and c.status = 'sent' and c.started_at is not null");

        Assert.Equal("", outOfOrder);
        Assert.Equal(2, sentCampaigns);
    }

    [Fact]
    public async Task The_per_day_chart_shows_the_days_on_which_the_demo_emails_were_sent()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var sentDays = await factory.Database.QueryAsOwnerAsync<string>("""
            select string_agg(distinct to_char((e.sent_at at time zone 'Europe/Paris')::date, 'YYYY-MM-DD'), '|')
            from emails_sent e join clients k on k.client_id = e.client_id where k.client_nom = 'Agence Lyon Nord'
            """);

        var page = await ContactsClient.PageAsync(client, "/analytique");

        var chartDays = page.QuerySelectorAll("[data-testid=table-jours] tbody tr").Select(r => r.GetAttribute("data-day")).ToList();
        Assert.NotEmpty(chartDays);
        Assert.Equal(sentDays.Split('|'), chartDays);
    }

    [Fact]
    public async Task An_address_already_among_the_contacts_is_reported_with_a_reason_that_does_not_repeat_its_kind()
    {
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var file = ContactFixtures.Xlsx(["Alpha", "deja@histoire-demo.fr"]);
        await ContactsClient.ImportAsync(client, factory.Database, "une-fois.xlsx", file);

        var (importId, page) = await ContactsClient.ImportAsync(client, factory.Database, "deux-fois.xlsx", file);

        var problem = Assert.Single(page.QuerySelectorAll("[data-testid=import-issues] tbody tr")).QuerySelectorAll("td").Last().TextContent.Trim();
        Assert.Equal("Déjà dans vos contacts : Le contact existant est gardé tel quel", problem);
        var report = ContactFixtures.ReadWorkbook(await client.GetByteArrayAsync($"/contacts/imports/{importId}/rapport"));
        var row = Assert.Single(report["Non importés"], r => r[1] == "deja@histoire-demo.fr");
        Assert.NotEqual(row[3], row[4]);
    }
}
