using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Web.Live;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Overview;

/// <summary>
/// Aperçu, live: the figures are read once while prerendering and handed to the circuit; then any
/// campaign or import that moves for a client the caller may see (LiveFeed decides) makes the page
/// read them again through its own caller. What a notification carries is never shown.
/// </summary>
public partial class OverviewPage : IDisposable
{
    private IDisposable? _watch;

    [Inject] private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private LiveFeed Live { get; set; } = default!;

    [Inject] private SharedReads Reads { get; set; } = default!;

    [Inject] private CallerSource Callers { get; set; } = default!;

    [PersistentState]
    public OverviewData? Figures { get; set; }

    protected override async Task OnInitializedAsync() => Figures ??= await LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            // A campaign started elsewhere, one that moves and one that finishes all announce
            // themselves on campaign_progress; a re-read shows them where they now belong.
            _watch = Live.Watch([LiveChannels.CampaignProgress, LiveChannels.ContactImportProgress],
                () => InvokeAsync(async () =>
                {
                    Figures = await LoadAsync();
                    StateHasChanged();
                }),
                interval: LiveFeed.SummaryInterval);
        }
    }

    // Loads of the same clients' figures at the same moment (a burst of page loads, or every
    // circuit of an agency woken by one notification) share a read that began after they asked.
    private Task<OverviewData> LoadAsync() => Reads.ReadAsync(nameof(OverviewData), Callers.Current, async () =>
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await OverviewData.LoadAsync(db, Clock.GetUtcNow(), CancellationToken.None);
    });

    public void Dispose() => _watch?.Dispose();
}
