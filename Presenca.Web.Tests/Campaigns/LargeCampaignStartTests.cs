using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Web.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;
using static Presenca.Web.Tests.Campaigns.CampaignPageSteps;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// "Envoyer maintenant" on an audience above the synchronous limit answers at once and leaves the
/// preparation of its recipients to the scheduler, instead of holding the circuit while they are
/// written (seconds for 100,000, most of a minute for 1,000,000). The open page shows the
/// preparation, then the progress, without a reload or a timed refresh.
/// </summary>
public sealed class LargeCampaignStartTests(LargeCampaignStartTests.Factory factory) : IClassFixture<LargeCampaignStartTests.Factory>
{
    public sealed class Factory : PresencaWebFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Presenca:Campaigns:Pipeline:SynchronousStartLimit"] = "10",
            // No worker in this app: the test runs the scheduler's tick itself, so what the click
            // left behind is seen before any tick could take it.
            ["Presenca:Campaigns:Pipeline:Enabled"] = "false",
        };
    }

    [Fact]
    public async Task Sending_a_large_audience_now_answers_at_once_and_the_open_page_follows_the_scheduler_live()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var audience = await factory.Database.QueryAsOwnerAsync<long>(
            "select count(*) from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and not c.desinscrit and not c.hard_bounced");
        Assert.True(audience > 10);
        var dialogs = page.Render<MudDialogProvider>();
        var editor = page.Render<CampaignEditorPage>();
        await LoadedAsync(editor, "#name");
        await editor.Find("#name").ChangeAsync(new ChangeEventArgs { Value = "Grande liste" });
        await editor.Find("#subject").ChangeAsync(new ChangeEventArgs { Value = "Nouvelles de l'agence" });
        await editor.Find("#content").ChangeAsync(new ChangeEventArgs { Value = "<p>Bonjour {{organisation}}</p>" });

        editor.Find("[data-testid=send]").Press();
        await dialogs.WaitForAssertionAsync(() => Assert.Contains($"vers {CampaignLabels.Number((int)audience)} destinataire(s)", dialogs.Markup));
        await ClickDialogButtonAsync(dialogs, "Envoyer maintenant");

        await editor.WaitForAssertionAsync(() => Assert.Contains(
            "Envoi lancé : ses destinataires sont en préparation, la progression s'affichera ici dans quelques secondes.", Snackbars(page)));
        var id = CampaignIdOfCurrentPage(page);
        Assert.Equal("scheduled", await StatusAsync(factory.Database, id));
        Assert.Equal(0L, await RecipientsAsync(id));
        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        await LoadedAsync(detail, "[data-testid=campaign-status]");
        Assert.NotNull(detail.Find("[data-testid=campaign-preparing]"));
        Assert.Empty(detail.FindAll("[data-testid=send-now]"));

        await factory.Services.GetRequiredService<CampaignWorker>().TickAsync(CancellationToken.None);

        Assert.Equal("sending", await StatusAsync(factory.Database, id));
        Assert.Equal(audience, await RecipientsAsync(id));
        await detail.WaitForAssertionAsync(() => Assert.Equal(CampaignLabels.Number((int)audience), detail.Find("[data-campaign-id] [data-field=total]").TextContent.Trim()),
            TimeSpan.FromSeconds(20));
        Assert.Empty(detail.FindAll("[data-testid=campaign-preparing]"));
        Assert.Equal("En cours d'envoi", Text(detail, "campaign-status"));
    }

    private Task<long> RecipientsAsync(Guid id) => factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{id}'");
}
