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
        await browser.RunWithPagesAsync(async session =>
        {
            foreach (var email in new[] { DemoAccounts.Collaborateur.Email, DemoAccounts.Directeur.Email, DemoAccounts.Admin.Email })
            {
                var page = await session.NewPageAsync();
                await page.SignInAsync(app, email);
                foreach (var width in new[] { 1280, 375 })
                {
                    await page.SetViewportSizeAsync(width, 800);
                    foreach (var path in paths)
                    {
                        await page.GotoInteractiveAsync(app, path);
                        if (path == "/campagnes")
                        {
                            await Expect(page.Locator("[data-testid=campaigns-table] tbody tr").First).ToBeVisibleAsync();
                        }

                        foreach (var check in new Func<Task>[] { page.AssertAccessibleAsync, page.AssertNoHorizontalOverflowAsync })
                        {
                            try
                            {
                                await check();
                            }
                            catch (Xunit.Sdk.XunitException problem)
                            {
                                problems.Add($"{email}, {width} px: {problem.Message}");
                            }
                        }
                    }
                }
            }
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
