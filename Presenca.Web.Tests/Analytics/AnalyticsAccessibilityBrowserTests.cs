using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Aperçu and Analytique pass axe-core (no serious or critical violation) at 1280 and 375 px for
/// every role, never scroll sideways at 375 px, and show the whole campaign table at 1280 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AnalyticsAccessibilityBrowserTests(BrowserFixture browser, AnalyticsKestrelFactory factory) : IClassFixture<AnalyticsKestrelFactory>
{
    [Fact]
    public async Task Overview_and_analytics_are_accessible_and_fit_at_1280_and_375_pixels_for_every_role()
    {
        var app = factory.KestrelAddress!;
        var failures = new List<string>();

        // Every page, width and role is checked before the test fails, so one run lists every problem.
        async Task CheckAsync(string what, Func<Task> check)
        {
            try
            {
                await check();
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add($"{what}: {e.Message}");
            }
        }

        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var account in DemoAccounts.All)
            {
                var page = await session.NewPageAsync();
                await page.SignInAsync(app, account.Email);
                foreach (var width in new[] { 1280, 375 })
                {
                    await page.SetViewportSizeAsync(width, 800);
                    await page.GotoInteractiveAsync(app, "/");
                    await Expect(page.GetByTestId("apercu-chiffres")).ToBeVisibleAsync();
                    await CheckAsync($"{account.Email} / {width}", page.AssertAccessibleAsync);
                    await CheckAsync($"{account.Email} / {width}", page.AssertNoHorizontalOverflowAsync);

                    await page.GotoInteractiveAsync(app, "/analytique?periode=tout");
                    await Expect(page.Locator("[data-testid=table-campagnes] [data-campaign-id]").First).ToBeVisibleAsync();
                    await Expect(page.Locator("[data-testid=table-contacts] [data-contact-id]").First).ToBeVisibleAsync();
                    await CheckAsync($"{account.Email} / {width}", page.AssertAccessibleAsync);
                    await CheckAsync($"{account.Email} / {width}", page.AssertNoHorizontalOverflowAsync);
                    if (width == 1280)
                    {
                        var widths = await page.GetByTestId("defilement-campagnes")
                            .EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
                        if (widths[0] > widths[1])
                        {
                            failures.Add($"{account.Email}: the campaign table is {widths[0]} px wide in {widths[1]} px at 1280.");
                        }
                    }
                }
            }
        });
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
