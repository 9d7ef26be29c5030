using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's campaigns, sorted and paged by the server: each page and each sort is one query
/// (fifty rows), except the report's own page, which the prerender already read. A header sorts
/// by its column (ascending first, as MudTable did), a second click turns the order round. It
/// renders itself alone, once per change (after the rows are read).
/// </summary>
public sealed partial class CampaignsTable : IHandleEvent
{
    // MudBlazor's arrow (Icons.Material.Filled.ArrowUpward), turned by its CSS for a descending sort.
    private static readonly MarkupString SortIcon = new("<path d=\"M0 0h24v24H0V0z\" fill=\"none\"/><path d=\"M4 12l1.41 1.41L11 7.83V20h2V7.83l5.58 5.59L20 12l-8-8-8 8z\"/>");

    private AnalyticsReport? _report;
    private CampaignsPage _rows = new([], 1, 1, 0);
    private string _sort = "recent";
    private bool _descending = true;
    private bool _busy;

    [Inject] private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired] public AnalyticsReport Report { get; set; } = default!;

    /// <summary>The page's filter: its sort is the table's first sort, and the export follows it.</summary>
    [Parameter, EditorRequired] public AnalyticsFilter Filter { get; set; } = default!;

    [Parameter] public EventCallback<AnalyticsFilter> SortChanged { get; set; }

    /// <summary>A single agency knows whose campaigns these are: the column only tells clients apart.</summary>
    private bool ManyClients => Report.Clients.Count > 1;

    private static MarkupString BouncedHeader =>
        new($"<abbr title=\"{System.Net.WebUtility.HtmlEncode(CampaignLabels.Of(EmailSentStatus.Bounced))}\">Rejetés</abbr>");

    private string PageInformation
    {
        get
        {
            var first = (_rows.Page - 1) * AnalyticsFilter.CampaignPageSize + 1;
            return $"{first}–{first + _rows.Rows.Count - 1} sur {_rows.Count}";
        }
    }

    protected override void OnParametersSet()
    {
        // The report's first page comes with the report; the table then turns its pages itself.
        if (!ReferenceEquals(Report, _report))
        {
            (_report, _rows, _sort, _descending) = (Report, Report.Campaigns, Report.Filter.Sort, Report.Filter.Descending);
        }
    }

    async Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg)
    {
        await callback.InvokeAsync(arg);
        StateHasChanged();
    }

    private string DirectionClass(string sort) =>
        sort != _sort ? "mud-direction-none" : _descending ? "mud-direction-desc" : "mud-direction-asc";

    private string? AriaSort(string sort) => sort != _sort ? null : _descending ? "descending" : "ascending";

    private async Task SortAsync(string sort)
    {
        var descending = sort == _sort && !_descending;
        if (await LoadAsync(sort, descending, 1))
        {
            await SortChanged.InvokeAsync(Filter with { Sort = sort, Descending = descending });
        }
    }

    private Task GoAsync(int page) => LoadAsync(_sort, _descending, page);

    private async Task<bool> LoadAsync(string sort, bool descending, int page)
    {
        if (_busy)
        {
            return false;
        }

        _busy = true;
        try
        {
            var filter = Report.Filter with { Sort = sort, Descending = descending, CampaignPage = page };
            if (page == Report.Campaigns.Page && sort == Report.Filter.Sort && descending == Report.Filter.Descending)
            {
                _rows = Report.Campaigns;
            }
            else
            {
                await using var db = await DbFactory.CreateDbContextAsync();
                var scope = await AnalyticsScope.LoadAsync(db, Report.Filter, CancellationToken.None);
                _rows = await AnalyticsQueries.CampaignPageAsync(db, scope, filter, Clock.GetUtcNow(), Report.Campaigns.Count, CancellationToken.None);
            }

            (_sort, _descending) = (sort, descending);
            return true;
        }
        finally
        {
            _busy = false;
        }
    }
}
