using Microsoft.Playwright;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Contacts;
using Presenca.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Presenca.Web.Tests.Browser;

/// <summary>A file over the import limit is refused in French before it is even sent.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UploadLimitBrowserTests(BrowserFixture browser, SmallLimitsWebFactory factory) : IClassFixture<SmallLimitsWebFactory>
{
    private readonly Uri _app = factory.StartKestrel();

    [Fact]
    public async Task Choosing_a_file_over_the_limit_shows_why_and_the_form_cannot_send_it()
    {
        await browser.RunAsync(async page =>
        {
            await page.SignInAsync(_app, DemoAccounts.Collaborateur.Email);
            var importsBefore = await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_imports");
            await page.GotoInteractiveAsync(_app, "/contacts/import");

            await page.SetInputFilesAsync("input[type=file][name=fichier]", new FilePayload { Name = "gros.csv", MimeType = "text/csv", Buffer = new byte[600 * 1024] });

            await Expect(page.GetByTestId("file-too-large")).ToContainTextAsync("la limite est de");
            await Expect(page.GetByTestId("file-too-large")).ToContainTextAsync("Choisissez un fichier plus petit");
            await Expect(page.GetByTestId("import-submit")).ToBeDisabledAsync();
            await Expect(page).ToHaveURLAsync(new Uri(_app, "/contacts/import").ToString());
            Assert.Equal(importsBefore, await ContactsClient.CountAsync(factory.Database, "select count(*) from contact_imports"));

            // A file within the limit makes the form usable again.
            await page.SetInputFilesAsync("input[type=file][name=fichier]", new FilePayload
            {
                Name = "petit.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("Acme;a@petit-limit.fr\n"),
            });
            await Expect(page.GetByTestId("file-too-large")).ToHaveTextAsync("");
            await Expect(page.GetByTestId("import-submit")).ToBeEnabledAsync();
        });
    }
}
