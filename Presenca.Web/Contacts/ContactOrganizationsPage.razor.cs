using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;

namespace Presenca.Web.Contacts;

/// <summary>
/// The caller's contacts' companies with their contact counts, 100 per page (a small table: pages
/// by number). As on the contacts list, the prerender shows the first page from <see cref="View"/>
/// and the table's first ServerData call in the circuit reuses it.
/// </summary>
public sealed partial class ContactOrganizationsPage
{
    private const int PageSize = 100;
    private MudTable<OrganizationRow>? _table;
    private int _page = 1;
    private bool _servePersisted;
    private bool _busy;
    private readonly Func<TableState, CancellationToken, Task<TableData<OrganizationRow>>> _serverData;

    public ContactOrganizationsPage() => _serverData = LoadAsync;

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [PersistentState]
    public OrganizationsView? View { get; set; }

    protected override async Task OnInitializedAsync()
    {
        View ??= await ReadAsync(1, CancellationToken.None);
        _page = View.Page;
        _servePersisted = true;
    }

    private async Task<TableData<OrganizationRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        if (!_servePersisted || View is null)
        {
            _busy = true;
            try
            {
                View = await ReadAsync(_page, cancellationToken);
            }
            finally
            {
                _busy = false;
            }
        }

        _servePersisted = false;
        return new TableData<OrganizationRow> { Items = View.Rows, TotalItems = View.Rows.Count };
    }

    private async Task<OrganizationsView> ReadAsync(int page, CancellationToken cancellationToken)
    {
        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.ContactOrganizations.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var rows = await db.ContactOrganizations.AsNoTracking()
            .OrderBy(o => o.NameKey).ThenBy(o => o.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(o => new OrganizationRow(o.Id, o.Name, db.Contacts.Count(c => c.OrganizationId == o.Id)))
            .ToListAsync(cancellationToken);
        return new OrganizationsView(rows, page, pages);
    }

    private async Task GoAsync(int page)
    {
        if (_busy || _table is null)
        {
            return;
        }

        _page = page;
        await _table.ReloadServerData();
    }
}

public sealed record OrganizationRow(Guid Id, string Name, int Count);

public sealed record OrganizationsView(List<OrganizationRow> Rows, int Page, int Pages);
