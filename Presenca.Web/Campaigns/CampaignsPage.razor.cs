using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Web.Components.Shared;
using Presenca.Web.Live;

namespace Presenca.Web.Campaigns;

/// <summary>
/// Campagnes: the campaigns in flight, live, and every campaign in a table paged and sorted by
/// PostgreSQL. A campaign in flight that moves shows the counters of its notification (LiveFeed
/// passes on only those of clients the caller may see); any other change (a campaign started in
/// another tab or on another instance, one that finishes or pauses) makes the page re-read both
/// through its own caller.
/// </summary>
public sealed partial class CampaignsPage : IDisposable
{
    public const int PageSize = 30;
    private const string SortByName = "name";
    private const string SortByStatus = "status";
    private const string SortByCreation = "created";

    private const string OutlinedButton = "mud-button-root mud-button mud-button-outlined mud-button-outlined-primary mud-button-outlined-size-medium mud-ripple";
    private const string FilledButton = "mud-button-root mud-button mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mud-ripple";
    private static readonly MarkupString WebhookIcon = SvgIcon.Of(Icons.Material.Filled.SettingsInputAntenna);
    private static readonly MarkupString TemplatesIcon = SvgIcon.Of(Icons.Material.Filled.Description);
    private static readonly MarkupString AddIcon = SvgIcon.Of(Icons.Material.Filled.Add);
    private static readonly MarkupString EmptyIcon = SvgIcon.Of(Icons.Material.Filled.Drafts, "large");
    private static readonly MarkupString[] SortIcons =
    [
        SvgIcon.Of(Icons.Material.Filled.ArrowUpward, classes: "mud-table-sort-label-icon mud-direction-none"),
        SvgIcon.Of(Icons.Material.Filled.ArrowUpward, classes: "mud-table-sort-label-icon mud-direction-asc"),
        SvgIcon.Of(Icons.Material.Filled.ArrowUpward, classes: "mud-table-sort-label-icon mud-direction-desc"),
    ];

    /// <summary>The phone's sort choices (below 600 px the header row is not shown): value "column-direction", label.</summary>
    private static readonly (string Value, string Label)[] PhoneSorts =
    [
        ($"{SortByCreation}-desc", "Créée le, plus récentes d'abord"),
        ($"{SortByCreation}-asc", "Créée le, plus anciennes d'abord"),
        ($"{SortByName}-asc", "Campagne, de A à Z"),
        ($"{SortByName}-desc", "Campagne, de Z à A"),
        ($"{SortByStatus}-asc", "Statut"),
        ($"{SortByStatus}-desc", "Statut, ordre inverse"),
    ];

    private MudTable<CampaignState>? _table;

    // The sort is the page's own (the header's buttons and the phone's list set it), so the table
    // needs no MudTableSortLabel components; newest first until the user picks another.
    private string _sortBy = SortByCreation;
    private bool _descending = true;
    private IDisposable? _watch;
    private DateTimeOffset _now;

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private LiveFeed Live { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>What the prerender read, handed to the circuit so it is not read twice.</summary>
    [PersistentState]
    public CampaignsOverview? Data { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _now = Clock.GetUtcNow();
        Data ??= await ReadOverviewAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _watch = Live.Watch([LiveChannels.CampaignProgress], notifications => InvokeAsync(() => RefreshAsync(notifications)));
        }
    }

    private async Task RefreshAsync(IReadOnlyList<LiveNotification> notifications)
    {
        _now = Clock.GetUtcNow();
        if (Data is { } shown && WithCounters(shown.Active, notifications) is { } active)
        {
            Data = shown with { Active = active };
            StateHasChanged();
            return;
        }

        var hadAny = Data?.Any ?? false;
        Data = await ReadOverviewAsync();
        StateHasChanged();
        // A table that just appeared loads itself on its first render.
        if (hadAny && _table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    /// <summary>The campaigns in flight with the notifications' counters, or null if one of them needs a re-read.</summary>
    private static List<CampaignState>? WithCounters(IReadOnlyList<CampaignState> active, IReadOnlyList<LiveNotification> notifications)
    {
        var patched = active.ToList();
        foreach (var notification in notifications)
        {
            var index = patched.FindIndex(c => c.Id == notification.SubjectId);
            if (index < 0 || notification.Campaign is not { } counters || patched[index].With(counters) is not { } moved)
            {
                return null;
            }

            patched[index] = moved;
        }

        return patched;
    }

    /// <summary>A table row as its card shows it: the table's page is read again only when a re-read is needed.</summary>
    private CampaignState Latest(CampaignState row) => Data?.Active.FirstOrDefault(c => c.Id == row.Id) ?? row;

    private async Task<CampaignsOverview> ReadOverviewAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var active = await db.EmailCampaigns.AsNoTracking()
            .Where(c => c.Status == EmailCampaignStatus.Sending || c.Status == EmailCampaignStatus.Paused)
            .OrderBy(c => c.StartedAt).ThenBy(c => c.Id)
            .ToListAsync();
        var any = active.Count > 0 || await db.EmailCampaigns.AnyAsync();
        return new CampaignsOverview([.. active.Select(CampaignState.Of)], any);
    }

    private async Task<TableData<CampaignState>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        await using var db = await DbFactory.CreateDbContextAsync(cancellationToken);
        var campaigns = db.EmailCampaigns.AsNoTracking();
        var descending = _descending;
        var ordered = _sortBy switch
        {
            SortByName => descending ? campaigns.OrderByDescending(c => c.Name) : campaigns.OrderBy(c => c.Name),
            SortByStatus => descending ? campaigns.OrderByDescending(c => c.Status) : campaigns.OrderBy(c => c.Status),
            SortByCreation when !descending => campaigns.OrderBy(c => c.CreatedAt),
            _ => campaigns.OrderByDescending(c => c.CreatedAt),
        };
        var total = await campaigns.CountAsync(cancellationToken);
        var page = await ordered.ThenBy(c => c.Id)
            .Skip(state.Page * state.PageSize).Take(state.PageSize)
            .ToListAsync(cancellationToken);
        return new TableData<CampaignState> { TotalItems = total, Items = [.. page.Select(CampaignState.Of)] };
    }

    /// <summary>A column's first click sorts it ascending; the next ones reverse it.</summary>
    private Task SortAsync(string sort)
    {
        _descending = sort == _sortBy && !_descending;
        _sortBy = sort;
        return ReloadFromFirstPageAsync();
    }

    private Task SortFromPhoneAsync(ChangeEventArgs e)
    {
        var chosen = e.Value as string ?? "";
        var separator = chosen.LastIndexOf('-');
        if (separator < 0 || PhoneSorts.All(s => s.Value != chosen))
        {
            return Task.CompletedTask;
        }

        _sortBy = chosen[..separator];
        _descending = chosen[(separator + 1)..] == "desc";
        return ReloadFromFirstPageAsync();
    }

    private async Task ReloadFromFirstPageAsync()
    {
        if (_table is null)
        {
            return;
        }

        if (_table.CurrentPage == 0)
        {
            await _table.ReloadServerData();
        }
        else
        {
            // Turning the page reads it with the new order.
            _table.NavigateTo(0);
        }
    }

    private string PhoneSortValue => $"{_sortBy}-{(_descending ? "desc" : "asc")}";

    private string? AriaSort(string sort) => sort != _sortBy ? null : _descending ? "descending" : "ascending";

    private MarkupString SortIcon(string sort) => SortIcons[sort != _sortBy ? 0 : _descending ? 2 : 1];

    private static string Figure(CampaignState campaign, int value) => campaign.HasStarted ? CampaignLabels.Number(value) : "—";

    public void Dispose() => _watch?.Dispose();
}

/// <summary>The campaigns in flight, and whether the caller has any campaign at all (for the empty state).</summary>
public sealed record CampaignsOverview(IReadOnlyList<CampaignState> Active, bool Any);
