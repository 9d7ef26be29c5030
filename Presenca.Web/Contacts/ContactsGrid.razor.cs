using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;

namespace Presenca.Web.Contacts;

/// <summary>
/// The contacts list's table and pager. It shows the first page its page read and turns the
/// keyset pages itself, rendering only itself, once per page change (after the page is read).
/// </summary>
public sealed partial class ContactsGrid : IHandleEvent
{
    private const string Link = "mud-typography mud-link mud-primary-text mud-link-underline-hover";
    private const string UnderlinedLink = "mud-typography mud-link mud-primary-text mud-link-underline-always";
    private const string PagerButton = "mud-button-root mud-button mud-button-outlined mud-button-outlined-default mud-button-outlined-size-small mud-ripple";
    private const string FilledButton = "mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mud-ripple";
    private static readonly MarkupString Subscribed = Chip("default", "Abonné");
    private static readonly MarkupString Unsubscribed = Chip("warning", "Désinscrit");

    private ContactsView? _initial;
    private ContactsView? _view;
    private ContactListQuery _query = new(null, null, null);
    private bool _busy;

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    /// <summary>The list shown.</summary>
    [Parameter, EditorRequired]
    public ContactListQuery Query { get; set; } = default!;

    /// <summary>Its first page, as the page read it (null while it reads).</summary>
    [Parameter, EditorRequired]
    public ContactsView? View { get; set; }

    /// <summary>Whether a search or a company narrows the list (the empty list says so).</summary>
    [Parameter]
    public bool Filtered { get; set; }

    protected override void OnParametersSet()
    {
        // The query and its first page change together: the page renders once with the new query
        // before it has read the new page, and paging must not mix the two.
        if (!ReferenceEquals(View, _initial))
        {
            _initial = View;
            _view = View;
            _query = Query;
        }
    }

    // One render per page change, once the page is read: none when the click arrives, none for
    // a click ignored while a page is being read.
    async Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg)
    {
        await callback.InvokeAsync(arg);
        StateHasChanged();
    }

    private Task FirstAsync() => GoAsync(null, 1);

    private Task PreviousAsync() =>
        _view is { Rows.Count: > 0 } view ? GoAsync(new ContactPageStart(view.Rows[0], Backward: true), view.PageNumber - 1) : Task.CompletedTask;

    private Task NextAsync() =>
        _view is { Rows.Count: > 0 } view ? GoAsync(new ContactPageStart(view.Rows[^1], Backward: false), view.PageNumber + 1) : Task.CompletedTask;

    private async Task GoAsync(ContactPageStart? start, int pageNumber)
    {
        if (_busy || _view is not { } view)
        {
            return;
        }

        _busy = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            _query = await _query.ResolveAsync(db, again: start is null);
            var page = await _query.PageAsync(db, start);
            _view = view with { Rows = page.Rows, HasPrevious = page.HasPrevious, HasNext = page.HasNext, PageNumber = Math.Max(1, pageNumber) };
            if (start is null)
            {
                // "Première" counts again: contacts may have been imported or deleted meanwhile.
                var (total, capped) = await ContactsView.CountAsync(db, _query, CancellationToken.None);
                _view = _view with { Total = total, CountCapped = capped };
            }
        }
        finally
        {
            _busy = false;
        }
    }

    // MudChip's markup (outlined, small), without the component.
    private static MarkupString Chip(string color, string text) =>
        new($"<div class=\"mud-chip-container\"><div class=\"mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-{color}\"><span class=\"mud-chip-content\">{text}</span></div></div>");
}

/// <summary>One page of the list as shown, with what is needed to page on from it.</summary>
public sealed record ContactsView(
    string Key, List<ContactRow> Rows, bool HasPrevious, bool HasNext, int PageNumber, int Total, bool CountCapped, string? OrganizationName)
{
    // Counting a million rows on every page view costs more than the page itself: past this many,
    // the list says "plus de 10 000" and pages without a total.
    public const int CountCap = 10_000;

    public static string KeyOf(ContactListQuery query) => query.Url("");

    /// <summary>The list's size, counted no further than <see cref="CountCap"/>, and whether it is more.</summary>
    public static async Task<(int Total, bool Capped)> CountAsync(PresencaDbContext db, ContactListQuery query, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(db, CountCap + 1, cancellationToken);
        return (Math.Min(total, CountCap), total > CountCap);
    }

    public static int PageCount(ContactsView view) => Math.Max(1, (view.Total + ContactListQuery.PageSize - 1) / ContactListQuery.PageSize);

    public static string CountText(ContactsView view) =>
        view.CountCapped ? $"Plus de {ContactImportLabels.Count(CountCap)} contacts"
        : view.Total == 1 ? "1 contact" : $"{ContactImportLabels.Count(view.Total)} contacts";
}
