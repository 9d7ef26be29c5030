using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>
/// The live channel end to end: a NOTIFY issued in SQL reaches browsers through every app
/// instance's relay and SignalR hub, and an organisation's messages stay in that organisation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveChannelBrowserTests(BrowserFixture browser, PresencaWebFactory first) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task A_notify_from_sql_reaches_pages_served_by_two_different_instances()
    {
        // A second server on the same database, stopped before the class fixture drops it.
        await using var second = PresencaWebFactory.SharingDatabase(first.Database);
        var firstApp = first.StartKestrel();
        var secondApp = second.StartKestrel();
        Assert.NotEqual(firstApp, secondApp);

        await browser.RunWithPagesAsync(async session =>
        {
            var onFirst = await session.NewPageAsync();
            await onFirst.SignInAsync(firstApp, DemoAccounts.Directeur.Email);
            var onSecond = await session.NewPageAsync();
            await onSecond.SignInAsync(secondApp, DemoAccounts.Collaborateur.Email);
            await WaitForRelaysAsync(2);

            await NotifyAsync(new { message = "Maintenance ce soir à 22 h" });

            await Expect(Banners(onFirst)).ToContainTextAsync("Maintenance ce soir à 22 h");
            await Expect(Banners(onSecond)).ToContainTextAsync("Maintenance ce soir à 22 h");
        });
    }

    [Fact]
    public async Task A_notify_for_another_organisation_shows_to_admins_but_never_on_a_page_of_the_demo_organisation()
    {
        var app = first.StartKestrel();

        await browser.RunWithPagesAsync(async session =>
        {
            var director = await session.NewPageAsync();
            await director.SignInAsync(app, DemoAccounts.Directeur.Email);
            var admin = await session.NewPageAsync();
            await admin.SignInAsync(app, DemoAccounts.Admin.Email);
            await WaitForRelaysAsync(1);

            await NotifyAsync(new { message = "Réservé à une autre organisation", organisation_id = Guid.NewGuid() });
            await NotifyAsync(new { message = "Message pour tout le monde" });

            // Notifications arrive in order: once the public one is shown, the private one had its chance.
            await Expect(Banners(director)).ToContainTextAsync("Message pour tout le monde");
            Assert.Equal(0, await Banners(director).Filter(new() { HasText = "Réservé à une autre organisation" }).CountAsync());
            await Expect(Banners(admin)).ToContainTextAsync("Réservé à une autre organisation");
            await Expect(Banners(admin)).ToContainTextAsync("Message pour tout le monde");
        });
    }

    private static ILocator Banners(IPage page) => page.Locator("#live-announcements");

    private async Task NotifyAsync(object payload) =>
        await first.Database.ExecuteAsOwnerAsync(
            $"notify presenca_live, '{JsonSerializer.Serialize(payload).Replace("'", "''", StringComparison.Ordinal)}'");

    /// <summary>
    /// Each instance's relay LISTENs in the background once the app has started; a NOTIFY sent
    /// before that would reach nobody. Wait until the database sees that many listeners.
    /// </summary>
    private async Task WaitForRelaysAsync(int count)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = $1 and query ilike 'listen %'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = first.Database.Name });
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((long)(await command.ExecuteScalarAsync())! >= count)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Fewer than {count} live relays listen on {first.Database.Name}.");
    }
}
