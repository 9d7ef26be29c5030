using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique. The period and the client live in the query string (a link shows the same
/// figures); the report is read once while prerendering and handed to the circuit, whose tables
/// show its first pages without asking again and fetch the others from the server.
/// </summary>
public partial class AnalyticsPage
{
    private AnalyticsFilter _filter = AnalyticsFilter.From(null, null, null);
    private bool _isDirector;
    private AnalyticsReport? _dayChartOf;
    private MarkupString _dayChart;

    [Inject] private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private CallerSource Callers { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "periode")] public string? Period { get; set; }

    [SupplyParameterFromQuery(Name = "client")] public Guid? ClientId { get; set; }

    [SupplyParameterFromQuery(Name = "tri")] public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "sens")] public string? Direction { get; set; }

    [PersistentState]
    public AnalyticsReport? Report { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _filter = AnalyticsFilter.From(Period, ClientId, Sort, direction: Direction);
        _isDirector = Callers.Current.IsDirector;
        // The campaigns table sorts and pages by itself; only another period or client is another report.
        if (Report is null || Report.Filter.Period != _filter.Period || Report.Filter.ClientId != _filter.ClientId)
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            Report = await AnalyticsQueries.ReportAsync(db, _filter, Clock.GetUtcNow(), CancellationToken.None);
        }
    }

    /// <summary>The per-day chart, drawn once per report rather than on every render of the page.</summary>
    private MarkupString DayChart
    {
        get
        {
            if (Report is { } report && !ReferenceEquals(report, _dayChartOf))
            {
                (_dayChartOf, _dayChart) = (report, DayChartSvg.Render(report.Days));
            }

            return _dayChart;
        }
    }

    private void PeriodChangedAsync(string period) => Show(_filter with { Period = period });

    private void ClientChangedAsync(string client) => Show(_filter with { ClientId = Guid.TryParse(client, out var id) ? id : null });

    /// <summary>A sort chosen in the campaigns table goes into the address too, so the export and a reload keep it.</summary>
    private void CampaignSortChanged(AnalyticsFilter sorted)
    {
        _filter = _filter with { Sort = sorted.Sort, Descending = sorted.Descending };
        Navigation.NavigateTo($"/analytique?{_filter.Query()}", replace: true);
    }

    /// <summary>The tables start again (first page, the address's sort) for another period or client.</summary>
    private string TablesKey => $"{_filter.Period} {_filter.ClientId}";

    private void Show(AnalyticsFilter filter) => Navigation.NavigateTo($"/analytique?{filter.Query()}");
}
