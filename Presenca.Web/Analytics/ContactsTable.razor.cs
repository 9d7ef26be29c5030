using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Analytics;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's contacts, paged by keyset on the server: "Suivante" asks for the contacts after the
/// last one shown, "Précédente" for those before the first one. The first page is the report's,
/// read while prerendering. It renders itself alone, once per page change (after the page is read).
/// </summary>
public sealed partial class ContactsTable : IHandleEvent
{
    private const string Link = "mud-typography mud-link mud-primary-text mud-link-underline-always mud-typography-body2";
    private const string PagerButton = "mud-button-root mud-button mud-button-text mud-button-text-primary mud-button-text-size-medium mud-ripple";

    // MudBlazor's chevron icons, as MudButton's StartIcon and EndIcon drew them.
    private static readonly MarkupString ChevronLeft = Icon("M15.41 7.41L14 6l-6 6 6 6 1.41-1.41L10.83 12z", "start");
    private static readonly MarkupString ChevronRight = Icon("M10 6L8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z", "end");

    private AnalyticsReport? _report;
    private ContactsPage _page = new([], false, false);
    private bool _busy;

    [Inject] private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Parameter, EditorRequired] public AnalyticsReport Report { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(Report, _report))
        {
            (_report, _page) = (Report, Report.Contacts);
        }
    }

    async Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg)
    {
        await callback.InvokeAsync(arg);
        StateHasChanged();
    }

    private Task FirstAsync() => ShowAsync(null, null);

    private Task PreviousAsync() => _page.Rows.Count > 0 ? ShowAsync(null, _page.Rows[0].ContactId) : Task.CompletedTask;

    private Task NextAsync() => _page.Rows.Count > 0 ? ShowAsync(_page.Rows[^1].ContactId, null) : Task.CompletedTask;

    private async Task ShowAsync(Guid? after, Guid? before)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            if (after is null && before is null)
            {
                _page = Report.Contacts;
                return;
            }

            await using var db = await DbFactory.CreateDbContextAsync();
            var scope = await AnalyticsScope.LoadAsync(db, Report.Filter, CancellationToken.None);
            _page = await AnalyticsContactQueries.PageAsync(db, scope, Report.Filter with { ContactsAfter = after, ContactsBefore = before }, CancellationToken.None);
        }
        finally
        {
            _busy = false;
        }
    }

    private static MarkupString Icon(string path, string side) => new(
        $"<span class=\"mud-button-icon-{side} mud-button-icon-size-medium\"><svg class=\"mud-icon-root mud-svg-icon mud-icon-size-medium\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"M0 0h24v24H0z\" fill=\"none\"/><path d=\"{path}\"/></svg></span>");
}
