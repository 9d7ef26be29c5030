using Microsoft.Playwright;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>What a person does in the browser to get in: the login form, filled and submitted.</summary>
public static class BrowserSignIn
{
    public static async Task SubmitLoginAsync(this IPage page, Uri app, string email, string password = Demo.DemoAccounts.Password)
    {
        await page.GotoAsync(new Uri(app, "/connexion").ToString());
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    /// <summary>Signs in and waits for Aperçu to run in its circuit.</summary>
    public static async Task SignInAsync(this IPage page, Uri app, string email)
    {
        await page.SubmitLoginAsync(app, email);
        await page.WaitForCircuitAsync();
    }
}
