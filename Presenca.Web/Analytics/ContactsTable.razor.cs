using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Analytics;

namespace Presenca.Web.Analytics;

/// <summary>
/// Analytique's contacts as a MudTable over the server, paged by keyset: "Suivante" asks for the
/// contacts after the last one shown, "Précédente" for those before the first one. The first page
/// is the report's, read while prerendering.
/// </summary>
public partial class ContactsTable
{
    private MudTable<ContactAnalytics>? _table;
    private ContactsPage _page = new([], false, false);
    private Guid? _after;
    private Guid? _before;
    private bool _busy;

    [Inject] private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Parameter, EditorRequired] public AnalyticsReport Report { get; set; } = default!;

    protected override void OnInitialized() => _page = Report.Contacts;

    private async Task<TableData<ContactAnalytics>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        if (_after is null && _before is null)
        {
            _page = Report.Contacts;
        }
        else
        {
            await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
            var scope = await AnalyticsScope.LoadAsync(db, Report.Filter, cancellationToken);
            _page = await AnalyticsContactQueries.PageAsync(db, scope, Report.Filter with { ContactsAfter = _after, ContactsBefore = _before }, cancellationToken);
        }

        return new TableData<ContactAnalytics> { Items = _page.Rows, TotalItems = Report.ContactCount };
    }

    private Task FirstAsync() => ShowAsync(null, null);

    private Task PreviousAsync() => ShowAsync(null, _page.Rows[0].ContactId);

    private Task NextAsync() => ShowAsync(_page.Rows[^1].ContactId, null);

    private async Task ShowAsync(Guid? after, Guid? before)
    {
        if (_busy || _table is null)
        {
            return;
        }

        _busy = true;
        try
        {
            (_after, _before) = (after, before);
            await _table.ReloadServerData();
        }
        finally
        {
            _busy = false;
        }
    }
}
