using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Campaigns.Drafting;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>"Rédiger avec l'IA" in a real Chromium, against the fake OpenAI streaming slowly on purpose.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AiDraftBrowserTests(BrowserFixture browser, SlowStreamDraftingWebFactory factory) : IClassFixture<SlowStreamDraftingWebFactory>
{
    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task Drafting_a_template_shows_the_text_arriving_then_accepting_fills_the_editor_and_saving_keeps_it()
    {
        await using (var agency = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email))
        {
            await factory.ResetConnexionAsync(agency.Caller);
        }

        factory.OpenAi.ChunkDelay = TimeSpan.FromMilliseconds(150);
        try
        {
            await browser.RunWithPagesAsync(async session =>
            {
                var page = await session.NewPageAsync(width: 1280, height: 900);
                await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
                await page.GotoInteractiveAsync(_app, "/campagnes/modeles/nouveau");
                await page.GetByTestId("ai-open").ClickAsync();
                await Expect(page.GetByTestId("ai-sent")).ToContainTextAsync($"ce brief et le nom du client « {DemoAccounts.AgenceNordNom} »");
                await page.Locator("#ai-goal").FillAsync("Inviter nos clients aux portes ouvertes du 12 juin");
                await page.Locator("#ai-points").FillAsync("saluer {{organisation}} ; rappeler {{email}}");
                await page.GetByTestId("ai-generate").ClickAsync();

                // One DOM state seen mid-stream: the body has begun, its end has not arrived yet.
                await page.WaitForFunctionAsync("""
                    () => {
                      const body = document.querySelector('[data-testid=ai-body]');
                      return body && body.textContent.includes('Bonjour {{organisation}}') && !body.textContent.includes('{{email}}');
                    }
                    """);
                await Expect(page.GetByTestId("ai-cancel")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("ai-body")).ToContainTextAsync("envoyée à {{email}}");
                await Expect(page.GetByTestId("ai-accept")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("ai-subjects")).ToContainTextAsync("Une journée pour se rencontrer");
                await page.AssertAccessibleAsync();

                await page.GetByTestId("ai-accept").ClickAsync();
                await Expect(page.Locator("#subject")).ToHaveValueAsync("Portes ouvertes le 12 juin");
                await Expect(page.Locator("#content")).ToHaveValueAsync(new Regex(@"envoyée à \{\{email\}\}"));
                await Expect(page.GetByTestId("preview-subject")).ToHaveTextAsync("Portes ouvertes le 12 juin");
                await page.Locator("#name").FillAsync("Portes ouvertes (IA)");
                await page.GetByTestId("save").ClickAsync();
                await Expect(page.GetByText("Modèle enregistré.")).ToBeVisibleAsync();
            });
        }
        finally
        {
            factory.OpenAi.ChunkDelay = TimeSpan.Zero;
        }

        var saved = await factory.Database.QueryAsOwnerAsync<string>("select subject || '|' || content from email_templates where name = 'Portes ouvertes (IA)'");
        Assert.StartsWith("Portes ouvertes le 12 juin|<p>Bonjour {{organisation}},</p>", saved);
    }
}
