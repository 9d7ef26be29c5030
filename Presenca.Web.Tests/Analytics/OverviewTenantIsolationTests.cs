using Bunit;
using Presenca.Web.Demo;
using Presenca.Web.Overview;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Aperçu's live refreshes stay inside each caller's clients, with the app's real LiveFeed fed by
/// NOTIFYs from SQL: two agencies of one network (Nord, Sud) and the independent Agence Soleil of
/// the same organisation never render each other's campaigns or imports, nor even refresh for
/// them; the network's director follows both agencies; the admin follows everyone.
/// </summary>
public sealed class OverviewTenantIsolationTests(AnalyticsWebFactory factory) : IClassFixture<AnalyticsWebFactory>
{
    private const string SudEmail = "agence.sud@reseau-demo.fr";
    // A ceiling for a loaded machine, not a pause: waits end as soon as the rows are there.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly Guid RelanceNord = Guid.Parse("00000000-0000-0000-0000-0000000000d2");

    [Fact]
    public async Task Agencies_of_one_organisation_never_see_each_others_live_campaigns_or_imports()
    {
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into users (id, nom_complet, organisation_id, client_id, role, user_name, normalized_user_name, email, normalized_email,
                               email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp)
            select gen_random_uuid(), 'Sam Sud', organisation_id, client_id, 'collaborateur_agence', '{SudEmail}', upper('{SudEmail}'),
                   '{SudEmail}', upper('{SudEmail}'), true, false, false, true, 0, 'stamp'
            from clients where client_nom = 'Agence Marseille Sud' on conflict do nothing;
            """);
        await using var nordSession = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        await using var sudSession = await SignedInPage.CreateAsync(factory, SudEmail);
        await using var soleilSession = await SignedInPage.CreateAsync(factory, DemoAccounts.Independante.Email);
        await using var directorSession = await SignedInPage.CreateAsync(factory, DemoAccounts.Directeur.Email);
        await using var adminSession = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);
        var nord = nordSession.Render<OverviewPage>();
        var sud = sudSession.Render<OverviewPage>();
        var soleil = soleilSession.Render<OverviewPage>();
        var director = directorSession.Render<OverviewPage>();
        var admin = adminSession.Render<OverviewPage>();
        nord.WaitForAssertion(() => Assert.Equal(["Relance Nord"], Sending(nord)), Wait);
        sud.WaitForAssertion(() => Assert.NotNull(sud.Find("[data-testid=aucun-envoi]")), Wait);
        soleil.WaitForAssertion(() => Assert.NotNull(soleil.Find("[data-testid=aucun-envoi]")), Wait);
        director.WaitForAssertion(() => Assert.Equal(["Relance Nord"], Sending(director)), Wait);
        admin.WaitForAssertion(() => Assert.Equal(["Autre envoi", "Relance Nord"], Sending(admin).Order()), Wait);
        await LiveRelay.WaitForListenerAsync(factory.Database);
        var soleilRenders = soleil.RenderCount;

        // Sud starts a campaign and imports contacts (elsewhere: this app only hears the NOTIFYs).
        var lancementSud = Guid.NewGuid();
        var importSud = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status, started_at, total_recipients, pending_count)
              select '{lancementSud}', organisation_id, client_id, 'Lancement Sud', 's', 'c', 'sending', now(), 10, 10
              from clients where client_nom = 'Agence Marseille Sud';
            {LiveRelay.Announce(lancementSud)}
            insert into contact_imports (id, organisation_id, client_id, file_name, file_size, status, created_count)
              select '{importSud}', organisation_id, client_id, 'prospects-sud.xlsx', 100, 'terminee', 7
              from clients where client_nom = 'Agence Marseille Sud';
            select pg_notify('contact_import_progress', json_build_object('organisation_id', organisation_id, 'client_id', client_id,
                   'import_id', id, 'status', status, 'processed_rows', 7, 'progress_percent', 100)::text)
              from contact_imports where id = '{importSud}';
            """);
        sud.WaitForAssertion(() => Assert.Equal(["Lancement Sud"], Sending(sud)), Wait);
        sud.WaitForAssertion(() => Assert.Contains("prospects-sud.xlsx", sud.Find("[data-testid=derniers-imports]").TextContent), Wait);
        director.WaitForAssertion(() => Assert.Equal(["Lancement Sud", "Relance Nord"], Sending(director).Order()), Wait);
        director.WaitForAssertion(() => Assert.Contains("prospects-sud.xlsx", TextOf(director)), Wait);
        admin.WaitForAssertion(() => Assert.Contains("Lancement Sud", Sending(admin)), Wait);

        // Nord's campaign moves: its counters change, and the pipeline announces them.
        await factory.Database.ExecuteAsOwnerAsync($"""
            update email_campaigns set pending_count = 0, sending_count = 0, delivered_count = 4 where id = '{RelanceNord}';
            {LiveRelay.Announce(RelanceNord)}
            """);
        nord.WaitForAssertion(() => Assert.Equal("4 / 4 e-mails traités (100 %)", Progress(nord, RelanceNord)), Wait);
        director.WaitForAssertion(() => Assert.Equal("4 / 4 e-mails traités (100 %)", Progress(director, RelanceNord)), Wait);
        admin.WaitForAssertion(() => Assert.Equal("4 / 4 e-mails traités (100 %)", Progress(admin, RelanceNord)), Wait);

        // Nothing of Nord's or Sud's reached Soleil, not even as a refresh.
        Assert.Equal(soleilRenders, soleil.RenderCount);

        // Soleil's own campaign does reach it.
        var soleilHiver = Guid.NewGuid();
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, status, started_at, total_recipients, pending_count)
              select '{soleilHiver}', organisation_id, client_id, 'Soleil d''hiver', 's', 'c', 'sending', now(), 2, 2
              from clients where client_nom = 'Agence Soleil';
            {LiveRelay.Announce(soleilHiver)}
            """);
        soleil.WaitForAssertion(() => Assert.Equal(["Soleil d'hiver"], Sending(soleil)), Wait);
        admin.WaitForAssertion(() => Assert.Contains("Soleil d'hiver", Sending(admin)), Wait);

        // Sud's campaign finishes: it leaves "Envois en cours" wherever it was shown.
        await factory.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'sent' where id = '{lancementSud}'");
        sud.WaitForAssertion(() => Assert.Empty(Sending(sud)), Wait);
        director.WaitForAssertion(() => Assert.Equal(["Relance Nord"], Sending(director)), Wait);

        foreach (var text in new[] { "Lancement Sud", "prospects-sud.xlsx", "Soleil d'hiver", "Autre envoi" })
        {
            Assert.DoesNotContain(text, TextOf(nord));
        }

        foreach (var text in new[] { "Relance Nord", "Soleil d'hiver", "Autre envoi" })
        {
            Assert.DoesNotContain(text, TextOf(sud));
        }

        foreach (var text in new[] { "Relance Nord", "Lancement Sud", "prospects-sud.xlsx", "Autre envoi" })
        {
            Assert.DoesNotContain(text, TextOf(soleil));
        }

        Assert.DoesNotContain("Soleil d'hiver", TextOf(director));
        Assert.DoesNotContain("Autre envoi", TextOf(director));
    }

    private static List<string> Sending(IRenderedComponent<OverviewPage> page) =>
        [.. page.FindAll("[data-testid=envoi-en-cours] .mud-typography-subtitle2").Select(e => e.TextContent.Trim())];

    private static string TextOf(IRenderedComponent<OverviewPage> page) => string.Concat(page.Nodes.Select(n => n.TextContent));

    private static string Progress(IRenderedComponent<OverviewPage> page, Guid campaign) =>
        page.Find($"[data-campaign-id='{campaign}'] [data-testid=envoi-progression]").TextContent.Trim();
}
