using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Campaigns;
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

    private MudTable<CampaignState>? _table;
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
        var descending = state.SortDirection == SortDirection.Descending;
        var ordered = state.SortLabel switch
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

    private static string Figure(CampaignState campaign, int value) => campaign.HasStarted ? CampaignLabels.Number(value) : "—";

    public void Dispose() => _watch?.Dispose();
}

/// <summary>The campaigns in flight, and whether the caller has any campaign at all (for the empty state).</summary>
public sealed record CampaignsOverview(IReadOnlyList<CampaignState> Active, bool Any);
