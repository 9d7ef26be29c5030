using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Analytics;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's campaigns as a MudTable over the server: each page and each sort is one query
/// (fifty rows), except the report's own page, which the prerender already read.
/// </summary>
public partial class CampaignsTable
{
    private int _page = 1;

    [Inject] private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired] public AnalyticsReport Report { get; set; } = default!;

    /// <summary>The page's filter: its sort is the table's first sort, and the export follows it.</summary>
    [Parameter, EditorRequired] public AnalyticsFilter Filter { get; set; } = default!;

    [Parameter] public EventCallback<AnalyticsFilter> SortChanged { get; set; }

    /// <summary>A single agency knows whose campaigns these are: the column only tells clients apart.</summary>
    private bool ManyClients => Report.Clients.Count > 1;

    private SortDirection InitialOf(string sort) =>
        sort != Filter.Sort ? SortDirection.None : Filter.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private async Task<TableData<CampaignAnalytics>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sorted = state.SortLabel is { } label && state.SortDirection != SortDirection.None
            ? Filter with { Sort = label, Descending = state.SortDirection == SortDirection.Descending }
            : Filter;
        var page = state.Page + 1;
        var rows = Report.Campaigns;
        if (page != rows.Page || sorted.Sort != Report.Filter.Sort || sorted.Descending != Report.Filter.Descending)
        {
            await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
            var scope = await AnalyticsScope.LoadAsync(db, Report.Filter, cancellationToken);
            rows = await AnalyticsQueries.CampaignPageAsync(db, scope, Report.Filter with { Sort = sorted.Sort, Descending = sorted.Descending, CampaignPage = page },
                Clock.GetUtcNow(), Report.Campaigns.Count, cancellationToken);
        }

        _page = rows.Page;
        if (sorted.Sort != Filter.Sort || sorted.Descending != Filter.Descending)
        {
            await SortChanged.InvokeAsync(sorted);
        }

        return new TableData<CampaignAnalytics> { Items = rows.Rows, TotalItems = rows.Count };
    }
}
