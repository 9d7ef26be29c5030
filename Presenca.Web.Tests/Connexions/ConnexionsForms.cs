using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Presenca.Web.Connexions;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Connexions;

/// <summary>
/// The Connexions page as one user has it open in a circuit (bUnit over the real app and database):
/// fill a form as a person does (boxes ticked or not, fields typed), submit it, answer the
/// confirmation, click "Tester la connexion"; and read what the page shows.
/// </summary>
public sealed class ConnexionsScreen : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    private ConnexionsScreen(SignedInPage page, IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<ConnexionsPage> cut)
    {
        Page = page;
        _dialogs = dialogs;
        Cut = cut;
    }

    public SignedInPage Page { get; }

    public IRenderedComponent<ConnexionsPage> Cut { get; }

    /// <summary>Everything the page renders now, as the browser would receive it.</summary>
    public string Markup => Cut.Markup;

    public ISnackbar Snackbar => Page.Bunit.Services.GetRequiredService<ISnackbar>();

    /// <summary>Opens /connexions (or /connexions?client=...) as this user and waits until it has read its data.</summary>
    public static async Task<ConnexionsScreen> OpenAsync(PresencaWebFactory factory, string email, Guid? clientId = null)
    {
        var page = await SignedInPage.CreateAsync(factory, email);
        var dialogs = page.Render<MudDialogProvider>();
        if (clientId is { } id)
        {
            page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"/connexions?client={id}");
        }

        var cut = page.Render<ConnexionsPage>();
        if (clientId is null)
        {
            cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.State), Patience);
        }

        return new ConnexionsScreen(page, dialogs, cut);
    }

    /// <summary>
    /// Fills the integration's form and submits it: "Active" (and "Partagée" for a network) ticked
    /// only when the fields say "true", the other fields typed over what the form shows. When the
    /// save asks for a confirmation, clicks <paramref name="confirm"/> (null: the confirming
    /// button); <see cref="LastDialogText"/> then says what it asked, else it is empty.
    /// </summary>
    public async Task<string> SaveAsync(string integration, Dictionary<string, string> fields, string? confirm = null)
    {
        var form = $"[data-testid=formulaire-{integration}]";
        Cut.WaitForElement(form, Patience);
        await Cut.Find($"[data-testid=actif-{integration}] input").ChangeAsync(new ChangeEventArgs { Value = fields.GetValueOrDefault("Actif") == "true" });
        if (Cut.FindAll($"[data-testid=partage-{integration}] input").Count > 0)
        {
            await Cut.Find($"[data-testid=partage-{integration}] input").ChangeAsync(new ChangeEventArgs { Value = fields.GetValueOrDefault("PartageAgences") == "true" });
        }

        foreach (var (field, value) in fields.Where(f => f.Key is not ("Actif" or "PartageAgences")))
        {
            await Cut.Find($"#{integration}-{field}").ChangeAsync(new ChangeEventArgs { Value = value });
        }

        LastDialogText = "";
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, EventArgs e)
        {
            if (_dialogs.FindAll("button").Count > 0)
            {
                opened.TrySetResult();
            }
        }

        _dialogs.OnMarkupUpdated += Check;
        try
        {
            var submitted = Cut.Find(form).SubmitAsync();
            Check(null, EventArgs.Empty);
            if (await Task.WhenAny(submitted, opened.Task).WaitAsync(Patience) != submitted)
            {
                await AnswerDialogAsync(confirm ?? _dialogs.FindAll("button").Select(b => b.TextContent.Trim()).First(text => text != "Annuler"));
            }

            await submitted.WaitAsync(Patience);
        }
        finally
        {
            _dialogs.OnMarkupUpdated -= Check;
        }

        return Markup;
    }

    /// <summary>Clicks "Tester la connexion" and waits for its outcome.</summary>
    public async Task<string> TestAsync(string integration)
    {
        await Cut.WaitForElement($"[data-testid=tester-{integration}]", Patience).ClickAsync(new()).WaitAsync(Patience);
        return Markup;
    }

    /// <summary>Clicks the button of the open confirmation dialog whose text is <paramref name="button"/>.</summary>
    public async Task AnswerDialogAsync(string button)
    {
        _dialogs.WaitForAssertion(() => Assert.Contains(_dialogs.FindAll("button"), b => b.TextContent.Trim() == button), Patience);
        LastDialogText = PageText(_dialogs.Markup);
        await _dialogs.FindAll("button").First(b => b.TextContent.Trim() == button).ClickAsync(new());
    }

    /// <summary>What the last confirmation dialog said, as it was answered.</summary>
    public string LastDialogText { get; private set; } = "";

    public string Text(string selector) => ConnexionsForms.Text(Markup, selector);

    public async ValueTask DisposeAsync() => await Page.DisposeAsync();

    private static string PageText(string html) => ConnexionsForms.PageText(html);
}

/// <summary>Reading rendered HTML (a circuit's markup or a prerendered page) as text.</summary>
public static class ConnexionsForms
{
    public static string PageText(string html) =>
        System.Text.RegularExpressions.Regex.Replace(new HtmlParser().ParseDocument(html).Body?.TextContent ?? "", @"\s+", " ");

    public static string Text(string html, string selector) =>
        new HtmlParser().ParseDocument(html).QuerySelector(selector)?.TextContent.Trim().ReplaceLineEndings(" ") is { } text
            ? System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ")
            : throw new Xunit.Sdk.XunitException($"Nothing matches {selector}.");

    public static AngleSharp.Dom.IElement? Find(string html, string selector) => new HtmlParser().ParseDocument(html).QuerySelector(selector);
}
