using Microsoft.Playwright;
using Npgsql;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Analytics;

/// <summary>Aperçu follows a sending campaign: its bar and the day's figures move without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewLiveBrowserTests(BrowserFixture browser, AnalyticsKestrelFactory factory) : IClassFixture<AnalyticsKestrelFactory>
{
    [Fact]
    public async Task Overview_figures_and_progress_move_while_a_campaign_sends()
    {
        var app = factory.KestrelAddress!;

        await browser.RunWithPagesAsync(async session =>
        {
            var page = await session.NewPageAsync();
            await page.SignInAsync(app, DemoAccounts.Collaborateur.Email);
            await page.GotoAsync(new Uri(app, "/").ToString());
            await Expect(page.GetByTestId("envoyes-aujourdhui")).ToHaveTextAsync("1");
            await WaitForRelayAsync();

            // The pipeline's way: recipients move forward, the counters trigger announces it.
            await factory.Database.ExecuteAsOwnerAsync("""
                update emails_sent set status = 'delivered', sent_at = now()
                where campaign_id = '00000000-0000-0000-0000-0000000000d2' and status in ('pending', 'sending')
                """);

            await Expect(page.GetByTestId("envoi-progression")).ToHaveTextAsync("4 / 4 e-mails traités (100 %)");
            await Expect(page.GetByTestId("envoyes-aujourdhui")).ToHaveTextAsync("4");
        });
    }

    private async Task WaitForRelayAsync()
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = $1 and query ilike 'listen %'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = factory.Database.Name });
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((long)(await command.ExecuteScalarAsync())! >= 1)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"No live relay listens on {factory.Database.Name}.");
    }
}
