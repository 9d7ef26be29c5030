using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Npgsql;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>What the campaign tests do again and again: seed a campaign in SQL, wait for the pipeline, read what a page told its user.</summary>
internal static class CampaignPageSteps
{
    /// <summary>A campaign of a demo client, written as the owner (no app, no live notification).</summary>
    public static async Task<Guid> InsertCampaignAsync(TestDatabase database, string clientNom, string name, string audienceSearch = "", string status = "draft")
    {
        var id = Guid.NewGuid();
        await database.ExecuteAsOwnerAsync($$$"""
            insert into email_campaigns (id, organisation_id, client_id, name, subject, content, audience_kind, audience_search, status)
              select '{{{id}}}', k.organisation_id, k.client_id, '{{{name.Replace("'", "''", StringComparison.Ordinal)}}}', 'Bonjour {{organisation}}', '<p>Bonjour {{email}}</p>',
                     {{{(audienceSearch.Length > 0 ? "'recherche'" : "'tous'")}}}, {{{(audienceSearch.Length > 0 ? $"'{audienceSearch}'" : "null")}}}, '{{{status}}}'
              from clients k where k.client_nom = '{{{clientNom.Replace("'", "''", StringComparison.Ordinal)}}}';
            """);
        return id;
    }

    /// <summary>
    /// Changes a campaign's status behind every page's back: as a superuser with triggers off for
    /// this session, so no NOTIFY tells anyone (what a page sees when it acts on a stale state).
    /// </summary>
    public static async Task SetStatusSilentlyAsync(TestDatabase database, Guid campaign, string status)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ForDatabase(TestPostgres.Admin, database.Name));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"set session_replication_role = replica; update email_campaigns set status = '{status}' where id = '{campaign}'", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A collaborator of the network's second agency (the demo has none), with the demo password.</summary>
    public static async Task AddAgencySudUserAsync(TestDatabase database, string email)
    {
        await database.ExecuteAsOwnerAsync($"""
            insert into users (id, nom_complet, organisation_id, client_id, role, user_name, normalized_user_name, email, normalized_email,
                               email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled,
                               lockout_enabled, access_failed_count)
            select gen_random_uuid(), 'Samuel Sud', u.organisation_id, k.client_id, u.role, '{email}', upper('{email}'), '{email}', upper('{email}'),
                   true, u.password_hash, gen_random_uuid()::text, gen_random_uuid()::text, false, false, true, 0
            from users u join clients k on k.client_nom = 'Agence Marseille Sud'
            where u.normalized_email = upper('{Demo.DemoAccounts.Collaborateur.Email}')
              and not exists (select 1 from users where normalized_email = upper('{email}'));
            """);
    }

    public static async Task<string> StatusAsync(TestDatabase database, Guid campaign) =>
        await database.QueryAsOwnerAsync<string>($"select status from email_campaigns where id = '{campaign}'");

    public static Task WaitForStatusAsync(TestDatabase database, Guid campaign, string status) =>
        Eventually.UntilAsync(async () => await StatusAsync(database, campaign) == status, $"campaign {campaign} {status}");

    /// <summary>Waits for a page's first data-bearing render; says what the page showed when it does not come.</summary>
    public static async Task LoadedAsync<T>(IRenderedComponent<T> cut, string selector)
        where T : IComponent
    {
        try
        {
            await cut.WaitForElementAsync(selector, TimeSpan.FromSeconds(60));
        }
        catch (Bunit.Extensions.WaitForHelpers.WaitForFailedException error)
        {
            throw new InvalidOperationException($"{typeof(T).Name} never showed {selector}; it shows:\n{cut.Markup}", error);
        }
    }

    /// <summary>An in-memory condition that no render announces.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.UntilAsync(condition, what, TimeSpan.FromSeconds(20));

    /// <summary>The id in /campagnes/{id}… where the page sent its user.</summary>
    public static Guid CampaignIdOfCurrentPage(SignedInPage page)
    {
        var uri = new Uri(page.Bunit.Services.GetRequiredService<NavigationManager>().Uri);
        return Guid.Parse(uri.AbsolutePath.Split('/')[2]);
    }

    public static string CurrentPath(SignedInPage page) =>
        new Uri(page.Bunit.Services.GetRequiredService<NavigationManager>().Uri).AbsolutePath;

    public static IReadOnlyList<string> Snackbars(SignedInPage page) =>
        [.. page.Bunit.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "")];

    /// <summary>Clicks the button of the open dialog that says <paramref name="text"/>.</summary>
    public static async Task ClickDialogButtonAsync(IRenderedComponent<MudDialogProvider> dialogs, string text)
    {
        AngleSharp.Dom.IElement? button = null;
        await dialogs.WaitForAssertionAsync(() => button = Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Trim() == text));
        await button!.ClickAsync(new());
    }

    /// <summary>
    /// Clicks a button whose handler waits for a dialog: the click is not awaited (it ends when
    /// the dialog is answered), the test then answers the dialog.
    /// </summary>
    public static void Press(this AngleSharp.Dom.IElement button) => _ = button.ClickAsync(new());

    /// <summary>Opens a MudSelect as a pointer would and clicks the item that says <paramref name="itemText"/>.</summary>
    public static async Task ChooseAsync<T>(IRenderedComponent<T> cut, IRenderedComponent<MudPopoverProvider> popovers, string selectTestId, string itemText)
        where T : IComponent
    {
        await cut.Find($"[data-testid={selectTestId}]").Closest(".mud-input-control")!.MouseDownAsync(new());
        AngleSharp.Dom.IElement? item = null;
        await popovers.WaitForAssertionAsync(() => item = popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == itemText));
        await item!.ClickAsync(new());
    }

    public static string Text<T>(IRenderedComponent<T> cut, string testId)
        where T : IComponent =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();

    public static async Task<(HttpStatusCode Status, IHtmlDocument Page)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, page);
    }
}
