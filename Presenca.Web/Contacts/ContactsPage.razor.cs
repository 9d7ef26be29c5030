using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;

namespace Presenca.Web.Contacts;

/// <summary>
/// The contacts list. Search, order and company live in the address (so a list can be shared and
/// the export follows it); pages are keyset pages read by the table's ServerData. MudTable calls
/// ServerData only once interactive, so the prerender shows the first page from
/// <see cref="View"/>, which the circuit then receives instead of querying it again.
/// </summary>
public sealed partial class ContactsPage : IHandleEvent
{
    // Counting a million rows on every page view costs more than the page itself: past this many,
    // the list says "plus de 10 000" and pages without a total.
    private const int CountCap = 10_000;

    private ContactListQuery _query = new(null, null, null);
    // Never null: a text field given null answers with "" and the two would chase each other.
    private string _search = "";
    private MudTable<ContactRow>? _table;
    private ContactPageStart? _start;
    private int _startPageNumber = 1;
    private bool _servePersisted;
    private bool _busy;
    private readonly Func<TableState, CancellationToken, Task<TableData<ContactRow>>> _serverData;

    public ContactsPage() => _serverData = LoadAsync;

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "organisation")]
    public Guid? Organisation { get; set; }

    [SupplyParameterFromQuery(Name = "tri")]
    public string? Tri { get; set; }

    /// <summary>What the page shows: loaded while prerendering, handed to the circuit.</summary>
    [PersistentState]
    public ContactsView? View { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var query = new ContactListQuery(string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), Organisation, Tri);
        _search = query.Search ?? "";
        if (View is not null && View.Key == Key(query))
        {
            // Received from the prerender: the table's first ServerData call shows it as is.
            _query = query;
            _servePersisted = _table is null;
            return;
        }

        _query = query;
        _start = null;
        _startPageNumber = 1;
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
        else
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            View = await ReadAsync(db, CancellationToken.None);
            _servePersisted = true;
        }
    }

    private async Task<TableData<ContactRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        if (!_servePersisted || View is null)
        {
            _busy = true;
            try
            {
                await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
                View = await ReadAsync(db, cancellationToken);
            }
            finally
            {
                _busy = false;
            }
        }

        _servePersisted = false;
        return new TableData<ContactRow> { Items = View.Rows, TotalItems = View.Rows.Count };
    }

    private async Task<ContactsView> ReadAsync(PresencaDbContext db, CancellationToken cancellationToken)
    {
        var page = await _query.PageAsync(db, _start, cancellationToken);
        var previous = View;
        if (previous is not null && previous.Key == Key(_query) && _start is not null)
        {
            // Moving between pages: the count and the company's name have not changed.
            return previous with { Rows = page.Rows, HasPrevious = page.HasPrevious, HasNext = page.HasNext, PageNumber = _startPageNumber };
        }

        string? organizationName = null;
        if (_query.OrganizationId is { } organizationId)
        {
            organizationName = await db.ContactOrganizations.AsNoTracking().Where(o => o.Id == organizationId)
                .Select(o => o.Name).FirstOrDefaultAsync(cancellationToken);
            if (organizationName is null)
            {
                // A company of another client, or none: the list answers 404 as a foreign contact does.
                Navigation.NotFound();
                return new ContactsView(Key(_query), [], false, false, 1, 0, false, null);
            }
        }

        var total = await _query.CountAsync(db, CountCap + 1, cancellationToken);
        return new ContactsView(Key(_query), page.Rows, page.HasPrevious, page.HasNext, _startPageNumber, Math.Min(total, CountCap), total > CountCap, organizationName);
    }

    // The search field and the order select answer their own parameters with change events that
    // change nothing: re-rendering the whole list for each would never stop. The page renders
    // after an event only when the event moved it (GoAsync), or when the router sets new parameters.
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg) => callback.InvokeAsync(arg);

    private Task FirstAsync() => GoAsync(null, 1);

    private Task PreviousAsync() =>
        View is { Rows.Count: > 0 } view ? GoAsync(new ContactPageStart(view.Rows[0], Backward: true), view.PageNumber - 1) : Task.CompletedTask;

    private Task NextAsync() =>
        View is { Rows.Count: > 0 } view ? GoAsync(new ContactPageStart(view.Rows[^1], Backward: false), view.PageNumber + 1) : Task.CompletedTask;

    private async Task GoAsync(ContactPageStart? start, int pageNumber)
    {
        if (_busy || _table is null)
        {
            return;
        }

        _start = start;
        _startPageNumber = Math.Max(1, pageNumber);
        await _table.ReloadServerData();
        StateHasChanged();
    }

    private Task SearchAsync(string? search)
    {
        _search = search ?? "";
        return GoToAsync(_query with { Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim() });
    }

    private Task SortAsync(string sort) => GoToAsync(_query with { Sort = sort });

    // The address holds the list's search and order; the router then sets the parameters again.
    private Task GoToAsync(ContactListQuery query)
    {
        if (Key(query) != Key(_query))
        {
            Navigation.NavigateTo(query.Url("/contacts"), replace: true);
        }

        return Task.CompletedTask;
    }

    private static string Key(ContactListQuery query) => query.Url("");

    private static int PageCount(ContactsView view) => Math.Max(1, (view.Total + ContactListQuery.PageSize - 1) / ContactListQuery.PageSize);

    private static string CountText(ContactsView view) =>
        view.CountCapped ? $"Plus de {ContactImportLabels.Count(CountCap)} contacts"
        : view.Total == 1 ? "1 contact" : $"{ContactImportLabels.Count(view.Total)} contacts";
}

/// <summary>One page of the list as shown, with what is needed to page on from it.</summary>
public sealed record ContactsView(
    string Key, List<ContactRow> Rows, bool HasPrevious, bool HasNext, int PageNumber, int Total, bool CountCapped, string? OrganizationName);
