using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Campaigns.CampaignPageSteps;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// The campaign page says when a campaign is a sandbox simulation (the demo, which has no Brevo
/// connexion), says nothing of the kind once the agency has a real connexion, and refuses to send
/// through a connexion whose API key is missing, naming it, before anything is asked or changed.
/// </summary>
public sealed class CampaignSimulationNoticeTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private const string Nord = "from email_campaigns c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord'";

    [Fact]
    public async Task The_demo_says_it_simulates_a_real_connexion_does_not_and_a_connexion_without_key_refuses_to_send()
    {
        _ = factory.Server; // the demo is seeded when the app starts
        var sent = await factory.Database.QueryAsOwnerAsync<Guid>($"select c.id {Nord} and c.status = 'sent'");
        var draft = await factory.Database.QueryAsOwnerAsync<Guid>($"select c.id {Nord} and c.status = 'draft'");
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);

        foreach (var demo in new[] { sent, draft })
        {
            var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, demo));
            await LoadedAsync(detail, "[data-testid=campaign-status]");
            Assert.Equal(CampaignLabels.Simulation, Text(detail, "campaign-simulation"));
            Assert.Empty(detail.FindAll("[data-testid=campaign-send-refusal]"));
        }

        var connexion = await AddNordConnexionAsync();
        var real = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, draft));
        await LoadedAsync(real, "[data-testid=campaign-status]");
        Assert.Empty(real.FindAll("[data-testid=campaign-simulation]"));
        Assert.Empty(real.FindAll("[data-testid=campaign-send-refusal]"));

        // A key lost after the form (SQL, an import, a key ring that no longer decrypts it).
        await factory.Database.ExecuteAsOwnerAsync($"update brevo_connexion set brevo_api_key = null where brevo_connexion_id = '{connexion}'");
        var dialogs = page.Render<MudDialogProvider>();
        var keyless = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, draft));
        await LoadedAsync(keyless, "[data-testid=campaign-status]");
        Assert.Equal(SendingRoute.MissingApiKey, Text(keyless, "campaign-send-refusal"));
        Assert.Empty(keyless.FindAll("[data-testid=campaign-simulation]"));

        keyless.Find("[data-testid=send-now]").Press();

        await keyless.WaitForAssertionAsync(() => Assert.Contains(SendingRoute.MissingApiKey, Snackbars(page)));
        Assert.Empty(dialogs.FindAll("button"));
        Assert.Equal("draft", await StatusAsync(factory.Database, draft));
        Assert.Equal(0L, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{draft}'"));
    }

    private async Task<Guid> AddNordConnexionAsync()
    {
        var (organisation, client) = (
            await factory.Database.QueryAsOwnerAsync<Guid>("select organisation_id from clients where client_nom = 'Agence Lyon Nord'"),
            await factory.Database.QueryAsOwnerAsync<Guid>("select client_id from clients where client_nom = 'Agence Lyon Nord'"));
        // Through the app, so the key is encrypted with the shared key ring.
        await using var db = factory.Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller);
        var connexion = new BrevoConnexion
        {
            OrganisationId = organisation,
            ClientType = ClientType.ReseauAgence,
            ClientId = client,
            ApiKey = "xkeysib-agence-nord-0123456789",
            EmailCompte = "campagnes@agence-nord.fr",
        };
        db.BrevoConnexions.Add(connexion);
        await db.SaveChangesAsync();
        return connexion.ConnexionId;
    }
}
