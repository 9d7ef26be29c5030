using Microsoft.Extensions.Options;
using Presenca.Data.Migrations;
using Presenca.Web.Account;
using Presenca.Web.Analytics;
using Presenca.Web.Campaigns.Webhooks;
using Presenca.Web.Components;
using Presenca.Web.Contacts;
using Presenca.Web.Demo;
using Presenca.Web.Diagnostics;
using Presenca.Web.Health;
using Presenca.Web.Tenancy;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Hosting;

public static class PresencaPipeline
{
    public static void UsePresenca(this WebApplication app)
    {
        // First, so that every response (errors and static files included) carries them.
        app.UseSecurityHeaders();
        app.UseCircuitOriginCheck();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/erreur", createScopeForErrors: true);
            app.UseHsts();
        }

        // /statut/403 is the French "Accès refusé" page, every other code the "introuvable" one.
        app.UseStatusCodePagesWithReExecute("/statut/{0}", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(FrenchCulture.Name);
        // Before authentication: a flood of unsubscribe requests is refused before any database work.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseCallerSource();
        app.UseOrganisationGuard();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthEndpoint();
        app.MapBenchDiagnostics();
        app.MapAccountEndpoints();
        app.MapContactsEndpoints();
        app.MapAnalyticsEndpoints();
        app.MapBrevoWebhooks();
        app.MapUnsubscribeEndpoints();
        // The sign-in page needs its styles and scripts before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>Migrations, then the demo, before the first request is served.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PresencaOptions>>().Value;
        if (options.MigrateOnStartup)
        {
            await DatabaseMigration.MigrateAsync(
                app.Services.GetRequiredService<ConnectionStrings>(),
                app.Services.GetRequiredService<ILogger<MigrationRunner>>());
        }

        if (options.SeedDemo)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
    }
}
