using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Web.Demo;
using Presenca.Web.Live;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Live;

/// <summary>
/// What a circuit hears of the live notifications: only those of clients its caller may see, as
/// PostgreSQL decides it, whatever organisation they share; and a payload without a client reaches nobody.
/// </summary>
public sealed class LiveFeedTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    public static TheoryData<string, string, bool> Visibility => new()
    {
        { DemoAccounts.Collaborateur.Email, DemoAccounts.AgenceNordNom, true },
        { DemoAccounts.Collaborateur.Email, DemoAccounts.AgenceSudNom, false },
        { DemoAccounts.Collaborateur.Email, DemoAccounts.AgenceIndependanteNom, false },
        { DemoAccounts.Collaborateur.Email, DemoAccounts.ReseauNom, false },
        { DemoAccounts.Independante.Email, DemoAccounts.AgenceIndependanteNom, true },
        { DemoAccounts.Independante.Email, DemoAccounts.AgenceNordNom, false },
        { DemoAccounts.Directeur.Email, DemoAccounts.AgenceNordNom, true },
        { DemoAccounts.Directeur.Email, DemoAccounts.AgenceSudNom, true },
        { DemoAccounts.Directeur.Email, DemoAccounts.ReseauNom, true },
        { DemoAccounts.Directeur.Email, DemoAccounts.AgenceIndependanteNom, false },
        { DemoAccounts.Admin.Email, DemoAccounts.AgenceIndependanteNom, true },
        { DemoAccounts.Admin.Email, DemoAccounts.AgenceSudNom, true },
    };

    [Theory]
    [MemberData(nameof(Visibility))]
    public async Task A_circuit_hears_only_the_clients_its_caller_may_see(string email, string clientNom, bool visible)
    {
        await using var page = await SignedInPage.CreateAsync(factory, email);
        var clientId = await ClientIdAsync(clientNom);

        Assert.Equal(visible, await page.AppServices.GetRequiredService<LiveFeed>().IsVisibleAsync(clientId));
    }

    [Fact]
    public async Task A_watching_component_refreshes_for_its_own_client_and_not_for_a_neighbour_agency()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var feed = page.AppServices.GetRequiredService<LiveFeed>();
        var events = factory.Services.GetRequiredService<LiveEvents>();
        var own = await ClientIdAsync(DemoAccounts.AgenceNordNom);
        var neighbour = await ClientIdAsync(DemoAccounts.AgenceSudNom);
        var ownCampaign = Guid.NewGuid();
        var neighbourCampaign = Guid.NewGuid();
        var neighbourRefreshes = 0;
        var ownRefreshes = Channel.CreateUnbounded<bool>();

        using var watchingNeighbour = feed.Watch([LiveChannels.CampaignProgress], () =>
        {
            Interlocked.Increment(ref neighbourRefreshes);
            return Task.CompletedTask;
        }, n => n.SubjectId == neighbourCampaign);
        using var watchingOwn = feed.Watch([LiveChannels.CampaignProgress], () => ownRefreshes.Writer.WriteAsync(true).AsTask(), n => n.SubjectId == ownCampaign);

        events.Publish(new LiveNotification(LiveChannels.CampaignProgress, neighbour, neighbourCampaign));
        events.Publish(new LiveNotification(LiveChannels.CampaignProgress, own, ownCampaign));
        await ownRefreshes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        // A second round of the own campaign comes at least LiveFeed.MinimumInterval later: by then
        // the neighbour's notification, heard first, has long been decided.
        events.Publish(new LiveNotification(LiveChannels.CampaignProgress, own, ownCampaign));
        await ownRefreshes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, Volatile.Read(ref neighbourRefreshes));
    }

    [Theory]
    [InlineData("""{"organisation_id":"6f1b8e0e-3f5a-4d7e-9a53-8d6f1e0b2c11","campaign_id":"0b9c7a30-7a43-4bb0-8f0b-5a3ac3f1f0a1"}""")]
    [InlineData("""{"client_id":"pas-un-identifiant","campaign_id":"0b9c7a30-7a43-4bb0-8f0b-5a3ac3f1f0a1"}""")]
    [InlineData("""["client_id"]""")]
    [InlineData("pas du JSON")]
    public void A_payload_that_names_no_client_reaches_nobody(string payload) =>
        Assert.Null(LiveNotification.Parse(LiveChannels.CampaignProgress, payload));

    [Fact]
    public void A_campaign_payload_names_its_client_and_campaign()
    {
        var notification = LiveNotification.Parse(LiveChannels.CampaignProgress,
            """{"organisation_id":"6f1b8e0e-3f5a-4d7e-9a53-8d6f1e0b2c11","client_id":"2c0d4f57-0a8e-4d36-b6b1-51f0c6f9b9aa","campaign_id":"0b9c7a30-7a43-4bb0-8f0b-5a3ac3f1f0a1","sent":3}""");

        Assert.Equal(new LiveNotification(LiveChannels.CampaignProgress, Guid.Parse("2c0d4f57-0a8e-4d36-b6b1-51f0c6f9b9aa"), Guid.Parse("0b9c7a30-7a43-4bb0-8f0b-5a3ac3f1f0a1")), notification);
    }

    [Fact]
    public async Task The_database_s_campaign_notification_names_the_campaign_s_client_and_carries_its_counters()
    {
        _ = factory.Server;
        var campaign = $"from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = '{DemoAccounts.AgenceIndependanteNom}' and c.total_recipients > 0 order by c.id limit 1";
        var payload = await factory.Database.QueryAsOwnerAsync<string>($"select campaign_progress_payload(c) {campaign}");
        var delivered = await factory.Database.QueryAsOwnerAsync<int>($"select c.delivered_count {campaign}");
        var total = await factory.Database.QueryAsOwnerAsync<int>($"select c.total_recipients {campaign}");

        var notification = LiveNotification.Parse(LiveChannels.CampaignProgress, payload);

        Assert.Equal(await ClientIdAsync(DemoAccounts.AgenceIndependanteNom), notification?.ClientId);
        Assert.Equal((delivered, total), (notification?.Campaign?.Delivered, notification?.Campaign?.Total));
    }

    private async Task<Guid> ClientIdAsync(string clientNom)
    {
        _ = factory.Server;
        return await factory.Database.QueryAsOwnerAsync<Guid>($"select client_id from clients where client_nom = '{clientNom}'");
    }
}
