using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Analytics;
using Presenca.Web.Tests.Infrastructure;
using Presenca.Web.Unsubscribe;

namespace Presenca.Web.Tests.Unsubscribe;

/// <summary>
/// The public unsubscribe address as mailbox providers and link scanners reach it: plain HTTP, no
/// cookie, no antiforgery token. Over the demo's sent campaigns of Agence Lyon Nord and Agence Soleil.
/// </summary>
public sealed class UnsubscribeEndpointTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    private static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);

    private static string TextOf(string html) => new HtmlParser().ParseDocument(html).Body!.TextContent;

    private static string TextOf(string html, string testId) =>
        new HtmlParser().ParseDocument(html).QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? throw new InvalidOperationException($"no {testId}");

    private async Task<int> AudienceAsync(Guid clientId)
    {
        await using var db = factory.Services.GetRequiredService<PresencaDatabase>().CreateContext(PipelineCaller.Caller);
        return await new CampaignAudience(clientId, AudienceKind.Tous, null, null).CountAsync(db, CancellationToken.None);
    }

    private HttpClient Anonymous() => factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public async Task A_get_shows_the_sender_and_the_button_and_never_unsubscribes()
    {
        var recipient = await DemoRecipient.OfAsync(factory, "Agence Lyon Nord");
        var before = await recipient.StateAsync(factory.Database);
        using var http = Anonymous();

        for (var i = 0; i < 3; i++)
        {
            var response = await http.GetAsync(recipient.Path(factory));
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Agence Lyon Nord", TextOf(html, "unsubscribe-sender"));
            Assert.Contains("Me désinscrire", TextOf(html));
            Assert.Contains("noindex", html);
            // Nothing else of the client, not even the address the link belongs to.
            Assert.DoesNotContain(recipient.Email, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Agence Soleil", html);
        }

        Assert.Equal(before, await recipient.StateAsync(factory.Database));
        Assert.StartsWith("false|", before);
    }

    [Fact]
    public async Task A_one_click_post_unsubscribes_that_contact_of_that_client_once_and_shows_everywhere()
    {
        var recipient = await DemoRecipient.OfAsync(factory, "Agence Lyon Nord", offset: 1);
        var neighbour = await DemoRecipient.OfAsync(factory, "Agence Lyon Nord", offset: 2);
        var neighbourBefore = await neighbour.StateAsync(factory.Database);
        var audienceBefore = await AudienceAsync(recipient.Ticket.ClientId);
        using var http = Anonymous();

        var response = await http.PostAsync(recipient.Path(factory), OneClick());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Désinscription enregistrée.", await response.Content.ReadAsStringAsync());
        var after = await recipient.StateAsync(factory.Database);
        Assert.StartsWith($"true|", after);
        Assert.Contains($"|{recipient.Ticket.CampaignId}|", after);
        Assert.DoesNotContain("aucun", after.Split('|')[3]);
        Assert.Equal(neighbourBefore, await neighbour.StateAsync(factory.Database));
        Assert.Equal(1, await factory.Database.QueryAsOwnerAsync<int>($"select unsubscribed_count from email_campaigns where id = '{recipient.Ticket.CampaignId}'"));
        // The audit trail says who (the recipient's link), when, and that the campaign was recorded.
        Assert.Equal(1L, await factory.Database.QueryAsOwnerAsync<long>($"""
            select count(*) from audit_trail where table_name = 'contacts' and row_id = '{recipient.Ticket.ContactId}'
              and changed_by = '{Unsubscriptions.RecipientUserId}' and changed_fields @> array['desinscrit', 'desinscrit_at', 'desinscrit_campaign_id']
            """));

        // Again (a provider retrying, a second click): nothing moves.
        var again = await http.PostAsync(recipient.Path(factory), OneClick());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(after, await recipient.StateAsync(factory.Database));
        Assert.Equal(1, await factory.Database.QueryAsOwnerAsync<int>($"select unsubscribed_count from email_campaigns where id = '{recipient.Ticket.CampaignId}'"));
        Assert.Equal(1L, await factory.Database.QueryAsOwnerAsync<long>($"select count(*) from audit_trail where row_id = '{recipient.Ticket.ContactId}'"));

        // The page now says so, and offers to undo.
        var page = TextOf(await (await http.GetAsync(recipient.Path(factory))).Content.ReadAsStringAsync());
        Assert.Contains("Vous êtes désinscrit", page);
        Assert.Contains("Je me suis trompé", page);

        // The agency sees it: on the contact's page, in Analytique and on Aperçu.
        var nord = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);
        var contactPage = await nord.GetStringAsync($"/contacts/{recipient.Ticket.ContactId}");
        var campaignName = await factory.Database.QueryAsOwnerAsync<string>($"select name from email_campaigns where id = '{recipient.Ticket.CampaignId}'");
        Assert.Equal($"Depuis un e-mail de la campagne « {campaignName} ».", TextOf(contactPage, "contact-unsubscribed-campaign"));
        Assert.EndsWith("(heure de Paris)", TextOf(contactPage, "contact-unsubscribed-at"));
        var overview = await nord.GetStringAsync("/");
        var left = await factory.Database.QueryAsOwnerAsync<int>($"select total_recipients - pending_count - sending_count from email_campaigns where id = '{recipient.Ticket.CampaignId}'");
        var rate = Math.Round(100m / left, 1).ToString("0.0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) + " %";
        Assert.Equal(rate, TextOf(overview, "taux-desinscription"));
        await using var signedIn = await SignedInPage.CreateAsync(factory, DemoAccounts.Collaborateur.Email);
        var analytics = AnalyticsPagesTests.Analytics(signedIn);
        var row = AnalyticsPagesTests.CampaignRows(analytics).Single(r => AnalyticsPagesTests.Cell(r, "nom") == campaignName);
        Assert.Equal("1", AnalyticsPagesTests.Cell(row, "desinscrits"));
        Assert.Equal(rate, AnalyticsPagesTests.Cell(row, "taux-desinscription"));

        // Later audiences leave the contact out.
        Assert.Equal(audienceBefore - 1, await AudienceAsync(recipient.Ticket.ClientId));
    }

    [Fact]
    public async Task A_tampered_truncated_expired_garbage_or_deleted_contact_token_gives_404_and_changes_nothing()
    {
        var recipient = await DemoRecipient.OfAsync(factory, "Agence Soleil");
        var tokens = factory.Services.GetRequiredService<UnsubscribeTokens>();
        var token = tokens.Create(recipient.Ticket);
        var gone = await DemoRecipient.OfAsync(factory, "Agence Soleil", offset: 3);
        var goneToken = tokens.Create(gone.Ticket);
        await factory.Database.ExecuteAsOwnerAsync($"delete from contacts where id = '{gone.Ticket.ContactId}'");
        var everything = await DemoRecipient.EverythingAsync(factory.Database);
        var bad = new[]
        {
            token[..10] + (token[10] == 'x' ? 'y' : 'x') + token[11..],
            token[..^4],
            tokens.Create(recipient.Ticket, DateTimeOffset.UtcNow.AddMinutes(-1)),
            "n-importe-quoi",
            new string('A', 300),
            goneToken,
        };
        using var http = Anonymous();

        foreach (var candidate in bad)
        {
            var page = await http.GetAsync($"/desinscription/{candidate}");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Lien invalide", html);
            Assert.DoesNotContain("Agence Soleil", html);

            var post = await http.PostAsync($"/desinscription/{candidate}", OneClick());
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Equal(everything, await DemoRecipient.EverythingAsync(factory.Database));
        // The untouched original still works: the refusals were about the changes.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/desinscription/{token}")).StatusCode);
    }

    [Fact]
    public async Task A_token_of_one_client_cannot_touch_a_contact_of_another_client()
    {
        var nord = await DemoRecipient.OfAsync(factory, "Agence Lyon Nord", offset: 4);
        var soleil = await DemoRecipient.OfAsync(factory, "Agence Soleil", offset: 4);
        var everything = await DemoRecipient.EverythingAsync(factory.Database);
        // Signed by Presenca itself, so only the database's scoping stands in the way.
        var forged = new[]
        {
            nord.Ticket with { ContactId = soleil.Ticket.ContactId },
            nord.Ticket with { ContactId = soleil.Ticket.ContactId, CampaignId = soleil.Ticket.CampaignId },
            soleil.Ticket with { ClientId = nord.Ticket.ClientId },
        };
        var tokens = factory.Services.GetRequiredService<UnsubscribeTokens>();
        using var http = Anonymous();

        foreach (var ticket in forged)
        {
            var path = $"/desinscription/{tokens.Create(ticket)}";
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync(path, OneClick())).StatusCode);
        }

        Assert.Equal(everything, await DemoRecipient.EverythingAsync(factory.Database));
    }

    [Fact]
    public async Task Head_options_other_bodies_and_a_button_post_without_antiforgery_change_nothing()
    {
        var recipient = await DemoRecipient.OfAsync(factory, "Agence Soleil", offset: 5);
        var path = recipient.Path(factory);
        var everything = await DemoRecipient.EverythingAsync(factory.Database);
        using var http = Anonymous();

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path[..^2]))).StatusCode);
        var options = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, path));
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Equal("GET, HEAD, POST", string.Join(", ", options.Content.Headers.Allow));
        HttpContent[] bodies =
        [
            new StringContent(""),
            new FormUrlEncodedContent([new("List-Unsubscribe", "Yes")]),
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click"), new("autre", "1")]),
            new FormUrlEncodedContent([new("list-unsubscribe", "one-click")]),
            new StringContent("{\"List-Unsubscribe\":\"One-Click\"}", Encoding.UTF8, "application/json"),
            new StringContent("List-Unsubscribe=One-Click", Encoding.UTF8, "text/plain"),
        ];
        foreach (var body in bodies)
        {
            var response = await http.PostAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Requête non reconnue", await response.Content.ReadAsStringAsync());
        }

        // The page's own button needs the antiforgery token its page hands out.
        var button = await http.PostAsync(path + "/confirmer", new FormUrlEncodedContent([new("confirmation", "oui")]));
        Assert.Equal(HttpStatusCode.BadRequest, button.StatusCode);
        Assert.Contains("Rien n'a été modifié", await button.Content.ReadAsStringAsync());

        Assert.Equal(everything, await DemoRecipient.EverythingAsync(factory.Database));
    }
}
