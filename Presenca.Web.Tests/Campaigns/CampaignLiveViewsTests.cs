using System.Collections.Concurrent;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;
using Presenca.Web.Live;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Campaigns.CampaignPageSteps;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// Open Campagnes pages in their circuits, fed by the real relay (NOTIFY → LiveEvents → LiveFeed):
/// every view of a campaign moves together, and a page hears and shows only campaigns its user may see.
/// </summary>
public sealed class CampaignLiveViewsTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private const string SudEmail = "agence.sud@reseau-demo.fr";

    [Fact]
    public async Task A_campaign_that_finishes_switches_header_badge_buttons_and_final_figures_on_the_open_pages()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "Suivie en direct", audienceSearch: "caluire");
        var expected = await factory.Database.QueryAsOwnerAsync<long>(
            "select count(*) from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.organization_name = 'Mairie de Caluire' and not c.desinscrit and not c.hard_bounced");
        // The campaign's preparation is held, as a worker preparing it would hold it: it goes to
        // "sending", but nothing is prepared nor leaves until the test lets go.
        await using var preparation = new NpgsqlConnection(factory.Database.OwnerConnectionString);
        await preparation.OpenAsync();
        await PreparationLockAsync(preparation, "pg_advisory_lock", id);
        var list = page.Render<CampaignsPage>();
        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        await LoadedAsync(detail, "[data-testid=campaign-status]");
        Assert.Equal("Brouillon", Text(detail, "campaign-status"));

        Assert.True((await factory.Services.GetRequiredService<CampaignStarter>().StartAsync(id, CancellationToken.None)).Started);

        await detail.WaitForAssertionAsync(() =>
        {
            Assert.Equal("En cours d'envoi", Text(detail, "campaign-status"));
            Assert.NotNull(detail.Find("[data-testid=pause]"));
            Assert.NotNull(detail.Find("[data-testid=campaign-eta]"));
        });
        await list.WaitForAssertionAsync(() => Assert.Contains("Suivie en direct", Text(list, "in-progress")));

        await PreparationLockAsync(preparation, "pg_advisory_unlock", id);
        await WaitForStatusAsync(factory.Database, id, "sent");

        await detail.WaitForAssertionAsync(() =>
        {
            Assert.Equal("Envoyée", Text(detail, "campaign-status"));
            Assert.Equal(CampaignLabels.Number((int)expected), Text(detail, "final-total"));
            Assert.Empty(detail.FindAll("[data-testid=pause]"));
            Assert.Empty(detail.FindAll("[data-testid=resume]"));
            Assert.Empty(detail.FindAll("[data-testid=cancel]"));
            Assert.Empty(detail.FindAll("[data-testid=campaign-eta]"));
            Assert.DoesNotContain("En cours d'envoi", detail.Markup);
            Assert.NotNull(detail.Find("[data-testid=duplicate]"));
        });
        await list.WaitForAssertionAsync(() =>
        {
            Assert.DoesNotContain("Suivie en direct", Text(list, "in-progress"));
            var row = Assert.Single(list.FindAll("[data-testid=campaigns-table] tbody tr"), r => r.TextContent.Contains("Suivie en direct"));
            Assert.Contains("Envoyée", row.TextContent);
        });
    }

    [Fact]
    public async Task A_campaign_in_flight_shows_the_counters_of_its_notification_and_is_read_again_when_its_status_moves()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var id = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "Compteurs en direct");
        var client = await factory.Database.QueryAsOwnerAsync<Guid>($"select client_id from email_campaigns where id = '{id}'");
        // Paused, so that no worker moves it while the test speaks for it.
        await factory.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'paused', started_at = now() where id = '{id}'");
        var list = page.Render<CampaignsPage>();
        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        var card = $"[data-campaign-id='{id}']";
        await list.WaitForAssertionAsync(() => Assert.Equal("0", list.Find($"{card} [data-field=sent]").TextContent));
        await detail.WaitForAssertionAsync(() => Assert.Equal("0", detail.Find($"{card} [data-field=sent]").TextContent));
        var events = factory.Services.GetRequiredService<LiveEvents>();

        // Counters the row does not hold: only the notification can have put them on the pages.
        events.Publish(Progress(client, id, "paused", sent: 4_242));

        var shown = CampaignLabels.Number(4_242);
        await list.WaitForAssertionAsync(() =>
        {
            Assert.Equal(shown, list.Find($"{card} [data-field=sent]").TextContent);
            // The table's row too: its recipients are the notification's 10 000, where the row holds none.
            Assert.Contains(CampaignLabels.Number(10_000), list.Find($"[data-campaign-row='{id}']").ParentElement!.TextContent);
        });
        await detail.WaitForAssertionAsync(() => Assert.Equal(shown, detail.Find($"{card} [data-field=sent]").TextContent));

        // A status the pages do not show: they read the row again, which still says 0 sent, paused.
        events.Publish(Progress(client, id, "sent", sent: 10_000));

        await list.WaitForAssertionAsync(() => Assert.Equal("0", list.Find($"{card} [data-field=sent]").TextContent));
        await detail.WaitForAssertionAsync(() =>
        {
            Assert.Equal("0", detail.Find($"{card} [data-field=sent]").TextContent);
            Assert.Equal("En pause", Text(detail, "campaign-status"));
        });
    }

    private static LiveNotification Progress(Guid client, Guid campaign, string status, int sent) =>
        LiveNotification.Parse(LiveChannels.CampaignProgress, $$"""
            {"client_id":"{{client}}","campaign_id":"{{campaign}}","status":"{{status}}","total":10000,"pending":{{10_000 - sent}},
             "sending":0,"sent":{{sent}},"delivered":0,"failed":0,"bounced":0,"opened":0,"clicked":0,"to_prepare":0,"preparing":false}
            """)!;

    [Fact]
    public async Task Agencies_of_a_network_and_an_independent_agency_never_hear_or_show_each_other_s_campaigns_while_the_director_and_the_admin_do()
    {
        _ = factory.Server;
        await AddAgencySudUserAsync(factory.Database, SudEmail);
        var campaigns = new Dictionary<string, Guid>
        {
            ["nord"] = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceNordNom, "Isolée Nord"),
            ["sud"] = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceSudNom, "Isolée Sud"),
            ["soleil"] = await InsertCampaignAsync(factory.Database, DemoAccounts.AgenceIndependanteNom, "Isolée Soleil"),
        };
        var names = new Dictionary<string, string> { ["nord"] = "Isolée Nord", ["sud"] = "Isolée Sud", ["soleil"] = "Isolée Soleil" };
        var sees = new Dictionary<string, string[]>
        {
            [DemoAccounts.Collaborateur.Email] = ["nord"],
            [SudEmail] = ["sud"],
            [DemoAccounts.Independante.Email] = ["soleil"],
            [DemoAccounts.Directeur.Email] = ["nord", "sud"],
            [DemoAccounts.Admin.Email] = ["nord", "sud", "soleil"],
        };

        var watchers = new List<Watcher>();
        try
        {
            foreach (var (email, visible) in sees)
            {
                var page = await SignedInPage.CreateAsync(factory, email);
                var heard = new ConcurrentDictionary<string, bool>();
                var feed = page.AppServices.GetRequiredService<LiveFeed>();
                var subscriptions = campaigns.Select(c => feed.Watch([LiveChannels.CampaignProgress], () =>
                {
                    heard[c.Key] = true;
                    return Task.CompletedTask;
                }, n => n.SubjectId == c.Value)).ToList();
                watchers.Add(new Watcher(email, visible, page, page.Render<CampaignsPage>(), heard, subscriptions));
            }

            // Every campaign moves at once, by SQL: one statement, three notifications.
            await factory.Database.ExecuteAsOwnerAsync(
                $"update email_campaigns set status = 'paused', started_at = now() where id in ('{string.Join("', '", campaigns.Values)}')");

            foreach (var watcher in watchers)
            {
                await watcher.List.WaitForAssertionAsync(() =>
                {
                    foreach (var key in watcher.Visible)
                    {
                        Assert.Contains(names[key], Text(watcher.List, "in-progress"));
                    }
                });
            }

            // Then the network's second agency finishes its own: its pages switch, the others hear nothing.
            await factory.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'sent', finished_at = now() where id = '{campaigns["sud"]}'");
            foreach (var watcher in watchers.Where(w => w.Visible.Contains("sud")))
            {
                await watcher.List.WaitForAssertionAsync(() => Assert.DoesNotContain("Isolée Sud", Text(watcher.List, "in-progress")));
            }

            foreach (var watcher in watchers)
            {
                await WaitUntilAsync(() => watcher.Visible.All(watcher.Heard.ContainsKey), $"{watcher.Email} hears its own campaigns");
                Assert.True(watcher.Visible.Order().SequenceEqual(watcher.Heard.Keys.Order()),
                    $"{watcher.Email} heard {string.Join(", ", watcher.Heard.Keys.Order())}, may see {string.Join(", ", watcher.Visible)}");
                foreach (var hidden in campaigns.Keys.Except(watcher.Visible))
                {
                    Assert.DoesNotContain(names[hidden], watcher.List.Markup);
                }
            }
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    private sealed record Watcher(
        string Email,
        string[] Visible,
        SignedInPage Page,
        IRenderedComponent<CampaignsPage> List,
        ConcurrentDictionary<string, bool> Heard,
        List<IDisposable> Subscriptions) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Subscriptions.ForEach(s => s.Dispose());
            await Page.DisposeAsync();
        }
    }

    // The key CampaignPreparer takes for one campaign's chunks.
    private static async Task PreparationLockAsync(NpgsqlConnection connection, string function, Guid campaign)
    {
        await using var command = new NpgsqlCommand($"select {function}(hashtextextended('campaign-preparation:' || $1::text, 0))", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = campaign });
        await command.ExecuteNonQueryAsync();
    }
}
