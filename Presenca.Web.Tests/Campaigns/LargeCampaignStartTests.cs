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
/// "Envoyer maintenant" answers at once whatever the audience: it records the campaign as sending
/// and leaves its recipients to the pipeline, which writes them a chunk at a time and counts them
/// beside the first chunks. The open detail page and the Campagnes card say the count is under way,
/// then show how many recipients remain to prepare, live, down to none.
/// </summary>
public sealed class LargeCampaignStartTests(LargeCampaignStartTests.Factory factory) : IClassFixture<LargeCampaignStartTests.Factory>
{
    private const int Chunk = 5;

    public sealed class Factory : PresencaWebFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Presenca:Campaigns:Pipeline:BatchSize"] = Chunk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Presenca:Campaigns:Pipeline:PreparationChunk"] = Chunk.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // No worker in this app: the test prepares the chunks itself, one at a time, so what the
            // click left behind is seen before any worker could take it.
            ["Presenca:Campaigns:Pipeline:Enabled"] = "false",
        };
    }

    [Fact]
    public async Task Sending_now_answers_at_once_and_the_open_pages_count_the_recipients_left_to_prepare_once_counted_down_to_none()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var audience = (int)await factory.Database.QueryAsOwnerAsync<long>(
            "select count(*) from contacts c join clients k on k.client_id = c.client_id where k.client_nom = 'Agence Lyon Nord' and not c.desinscrit and not c.hard_bounced");
        Assert.True(audience > 3 * Chunk, $"{audience} recipients: too few for several chunks");
        var dialogs = page.Render<MudDialogProvider>();
        var editor = page.Render<CampaignEditorPage>();
        await LoadedAsync(editor, "#name");
        await editor.Find("#name").ChangeAsync(new ChangeEventArgs { Value = "Grande liste" });
        await editor.Find("#subject").ChangeAsync(new ChangeEventArgs { Value = "Nouvelles de l'agence" });
        await editor.Find("#content").ChangeAsync(new ChangeEventArgs { Value = "<p>Bonjour {{organisation}}</p>" });

        editor.Find("[data-testid=send]").Press();
        await dialogs.WaitForAssertionAsync(() => Assert.Contains($"vers {CampaignLabels.Number(audience)} destinataire(s)", dialogs.Markup));
        await ClickDialogButtonAsync(dialogs, "Envoyer maintenant");

        await editor.WaitForAssertionAsync(() => Assert.Contains("Envoi lancé : suivez sa progression ci-dessous.", Snackbars(page)));
        var id = CampaignIdOfCurrentPage(page);
        Assert.Equal("sending", await StatusAsync(factory.Database, id));
        Assert.Equal(0L, await RecipientsAsync(id));

        var detail = page.Render<CampaignDetailPage>(p => p.Add(x => x.Id, id));
        var list = page.Render<CampaignsPage>();
        await LoadedAsync(detail, "[data-testid=campaign-status]");
        Assert.Equal("En cours d'envoi", Text(detail, "campaign-status"));
        // The click counted nothing: the pages say so until a worker has counted the audience.
        Assert.Equal(CampaignLabels.Preparing(null), Text(detail, "campaign-preparing"));
        await list.WaitForAssertionAsync(() => Assert.Equal(CampaignLabels.Preparing(null), Text(list, "campaign-preparing")));

        // The first chunk, then the count, then another chunk: each moves both pages, with nothing
        // but the live path.
        var preparer = factory.Services.GetRequiredService<CampaignPreparer>();
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        Assert.True(await preparer.CountNextAudienceAsync(CancellationToken.None));
        var counted = CampaignLabels.Preparing(audience - Chunk);
        await detail.WaitForAssertionAsync(() =>
        {
            Assert.Equal(counted, Text(detail, "campaign-preparing"));
            Assert.Equal(CampaignLabels.Number(audience), detail.Find("[data-campaign-id] [data-field=total]").TextContent.Trim());
        }, TimeSpan.FromSeconds(20));
        await list.WaitForAssertionAsync(() => Assert.Equal(counted, Text(list, "campaign-preparing")), TimeSpan.FromSeconds(20));
        Assert.True(await preparer.PrepareNextChunkAsync(CancellationToken.None));
        var left = CampaignLabels.Preparing(audience - 2 * Chunk);
        await detail.WaitForAssertionAsync(() => Assert.Equal(left, Text(detail, "campaign-preparing")), TimeSpan.FromSeconds(20));
        await list.WaitForAssertionAsync(() => Assert.Equal(left, Text(list, "campaign-preparing")), TimeSpan.FromSeconds(20));
        Assert.Equal(2L * Chunk, await RecipientsAsync(id));

        while (await preparer.PrepareNextChunkAsync(CancellationToken.None))
        {
        }

        Assert.Equal(audience, await RecipientsAsync(id));
        Assert.Equal(0, await factory.Database.QueryAsOwnerAsync<int>($"select recipients_to_prepare from email_campaigns where id = '{id}'"));
        await detail.WaitForAssertionAsync(() =>
        {
            Assert.Empty(detail.FindAll("[data-testid=campaign-preparing]"));
            Assert.Equal(CampaignLabels.Number(audience), detail.Find("[data-campaign-id] [data-field=total]").TextContent.Trim());
        }, TimeSpan.FromSeconds(20));
        await list.WaitForAssertionAsync(() => Assert.Empty(list.FindAll("[data-testid=campaign-preparing]")), TimeSpan.FromSeconds(20));
        Assert.Equal("En cours d'envoi", Text(detail, "campaign-status"));

        // Nobody sends in this app: leave nothing for another test's worker to pick up.
        await factory.Database.ExecuteAsOwnerAsync($"update email_campaigns set status = 'cancelled' where id = '{id}'");
    }

    private Task<long> RecipientsAsync(Guid id) => factory.Database.QueryAsOwnerAsync<long>($"select count(*) from emails_sent where campaign_id = '{id}'");
}
