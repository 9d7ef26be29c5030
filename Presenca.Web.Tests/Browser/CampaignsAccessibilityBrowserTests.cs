using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>
/// Every Campagnes page (the template editor with its email preview too), for every role that opens it, at 1280 and 375 px: no serious or critical
/// axe-core violation and no sideways scrolling, once its circuit has rendered the page's data.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignsAccessibilityBrowserTests(BrowserFixture browser, PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task Campaign_pages_pass_axe_without_horizontal_overflow_at_1280_and_375_px_for_each_role()
    {
        var app = factory.StartKestrel();
        var finished = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select c.id from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.status = 'sent' limit 1");
        var draft = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select c.id from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and c.status = 'draft' limit 1");
        var template = await factory.Database.QueryAsOwnerAsync<Guid>(
            "select t.id from email_templates t join clients k on k.client_id = t.client_id where k.client_nom = 'Agence Lyon Nord' limit 1");
        string[] paths =
        [
            "/campagnes", $"/campagnes/{finished}", $"/campagnes/{draft}", "/campagnes/nouvelle", $"/campagnes/{draft}/modifier",
            "/campagnes/modeles", "/campagnes/modeles/nouveau", $"/campagnes/modeles/{template}", "/campagnes/webhook-brevo",
        ];

        // Every page at every width is checked before the test fails, so one run lists every problem.
        var problems = new List<string>();
        async Task CheckAsync(string where, IPage page)
        {
            foreach (var check in new Func<Task>[] { page.AssertAccessibleAsync, page.AssertNoHorizontalOverflowAsync })
            {
                try
                {
                    await check();
                }
                catch (Xunit.Sdk.XunitException problem)
                {
                    problems.Add($"{where}: {problem.Message}");
                }
            }
        }

        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var email in new[] { DemoAccounts.Collaborateur.Email, DemoAccounts.Directeur.Email, DemoAccounts.Admin.Email })
            {
                var page = await session.NewPageAsync();
                await page.SignInAsync(app, email);
                foreach (var path in paths)
                {
                    // Each page is opened once, at 1280 px, then narrowed to 375 px as a window or a
                    // turned tablet is: the layout follows the width (the drawer closes, tables become
                    // cards), so both widths are checked without loading the page and its circuit twice.
                    await page.SetViewportSizeAsync(1280, 800);
                    await page.GotoInteractiveAsync(app, path);
                    if (path == "/campagnes")
                    {
                        await Expect(page.Locator("[data-testid=campaigns-table] tbody tr").First).ToBeVisibleAsync();
                    }

                    await CheckAsync($"{email}, 1280 px", page);
                    await page.SetViewportSizeAsync(375, 800);
                    await Expect(page.Locator(".mud-drawer")).ToHaveClassAsync(new Regex("mud-drawer--closed"));
                    await CheckAsync($"{email}, 375 px", page);
                }
            }
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
