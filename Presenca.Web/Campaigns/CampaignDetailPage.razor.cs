using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Connexions;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Connexions;
using Presenca.Web.Live;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Campaigns;

/// <summary>
/// One campaign: what it will send, its progress while it sends, its final figures once done.
/// Everything shown comes from <see cref="Detail"/>, re-read through the caller's context after
/// each of its own actions and after each notification about this campaign.
/// </summary>
public sealed partial class CampaignDetailPage : IDisposable
{
    private IDisposable? _watch;
    private DateTimeOffset _now;
    private bool _busy;
    private string? _testAddress;
    private string? _testError;

    [Parameter]
    public Guid Id { get; set; }

    [PersistentState]
    public CampaignDetail? Detail { get; set; }

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private LiveFeed Live { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CampaignStarter Starter { get; set; } = default!;

    [Inject]
    private CampaignTestSend TestSend { get; set; } = default!;

    [Inject]
    private CampaignTransports Transports { get; set; } = default!;

    [Inject]
    private CallerSource Callers { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _now = Clock.GetUtcNow();
        if (Detail?.Campaign.Id != Id)
        {
            Detail = await ReadAsync();
        }

        if (Detail is null)
        {
            Navigation.NotFound();
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _watch = Live.Watch([LiveChannels.CampaignProgress], notifications => InvokeAsync(() => RefreshAsync(notifications)), n => n.SubjectId == Id);
        }
    }

    /// <summary>After its own actions (no notification) and after notifications about this campaign.</summary>
    private async Task RefreshAsync(IReadOnlyList<LiveNotification>? notifications = null)
    {
        _now = Clock.GetUtcNow();
        // While it is in flight and its status holds, the latest notification's counters are all that moved.
        if (Detail is { Campaign.IsInFlight: true } shown && notifications is [.., { Campaign: { } counters }] && shown.Campaign.With(counters) is { } moved)
        {
            Detail = shown with { Campaign = moved };
        }
        else if (await ReadAsync() is { } detail)
        {
            Detail = detail;
        }

        StateHasChanged();
    }

    private async Task<CampaignDetail?> ReadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var campaign = await db.EmailCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Id);
        if (campaign is null)
        {
            return null;
        }

        var state = CampaignState.Of(campaign);
        var recipients = 0;
        List<CampaignFailure> failures = [];
        // Started without a connexion means started through the sandbox (the only way it can be).
        var simulated = campaign.StartedAt is not null && campaign.BrevoConnexionId is null;
        string? refusal = null;
        if (state.IsEditable)
        {
            var effective = await EffectiveConnexion.ResolveAsync(db, Integration.Brevo, campaign.ClientId);
            var route = Transports.Route(effective.Connexion as BrevoConnexion, effective.Reason);
            (simulated, refusal) = (route.Sandbox, route.Refusal);
            await db.Database.OpenConnectionAsync();
            recipients = await CampaignAudience.Of(campaign).CountAsync(db, CancellationToken.None);
        }
        else if (state.IsFinished)
        {
            failures = await db.EmailsSent.AsNoTracking()
                .Where(e => e.CampaignId == Id && (e.Status == EmailSentStatus.Failed || e.Status == EmailSentStatus.Bounced))
                .OrderBy(e => e.RecipientEmail).Take(50)
                .Select(e => new CampaignFailure(e.RecipientEmail, e.FailureReason ?? (e.Status == EmailSentStatus.Bounced ? "Rejeté (bounce)" : "Échoué")))
                .ToListAsync();
        }

        return new CampaignDetail(state, recipients, failures, simulated, refusal);
    }

    private Task PauseAsync() =>
        ActAsync(db => CampaignControls.PauseAsync(db, Id), "Campagne mise en pause : aucun nouveau lot ne part.");

    private Task ResumeAsync() =>
        ActAsync(db => CampaignControls.ResumeAsync(db, Id), "Envoi repris.");

    private async Task CancelAsync()
    {
        if (_busy || Detail is not { Campaign: var campaign })
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Annuler cette campagne ?",
            $"La campagne « {campaign.Name} » sera annulée. Les destinataires à qui rien n'est encore parti ne recevront rien ; ceux déjà envoyés restent comptés. Une campagne annulée ne peut pas reprendre (vous pourrez la dupliquer).",
            yesText: "Annuler la campagne",
            cancelText: "Revenir sans annuler");
        if (confirmed == true)
        {
            await ActAsync(db => CampaignControls.CancelAsync(db, Id), "Campagne annulée.");
        }
    }

    private async Task ActAsync(Func<PresencaDbContext, Task<bool>> action, string done)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            bool acted;
            await using (var db = await DbFactory.CreateDbContextAsync())
            {
                acted = await action(db);
            }

            Snackbar.Add(acted ? done : CampaignLabels.NoLongerPossible, acted ? Severity.Success : Severity.Warning);
            await RefreshAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendNowAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            CampaignSendSummary? summary;
            await using (var db = await DbFactory.CreateDbContextAsync())
            {
                summary = await CampaignSendSummary.ReadAsync(db, Transports, Id);
            }

            if (summary is null || !summary.IsEditable)
            {
                Snackbar.Add(CampaignLabels.NoLongerPossible, Severity.Warning);
                await RefreshAsync();
                return;
            }

            if (summary.Refusal is { } refusal)
            {
                Snackbar.Add(refusal, Severity.Error);
                return;
            }

            if (!await summary.ConfirmAsync(Dialogs))
            {
                return;
            }

            var start = await Starter.StartAsync(Id, CancellationToken.None);
            Snackbar.Add(CampaignLabels.Outcome(start), start.Started ? Severity.Success : Severity.Error);
            await RefreshAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DuplicateAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            if (await CampaignControls.DuplicateAsync(db, Id, Callers.Current.UserId) is { } copy)
            {
                Snackbar.Add("Copie créée : adaptez-la puis envoyez-la.", Severity.Success);
                Navigation.NavigateTo($"/campagnes/{copy}/modifier");
            }
            else
            {
                Snackbar.Add(CampaignLabels.NoLongerPossible, Severity.Warning);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendTestAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            var campaign = await db.EmailCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == Id);
            if (campaign is null)
            {
                Snackbar.Add(CampaignLabels.NoLongerPossible, Severity.Warning);
                return;
            }

            var outcome = await TestSend.SendAsync(db, campaign, _testAddress, CancellationToken.None);
            _testError = outcome.InvalidAddress ? outcome.Message : null;
            if (!outcome.InvalidAddress)
            {
                Snackbar.Add(outcome.Message, outcome.Sent ? Severity.Success : Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => _watch?.Dispose();
}

/// <summary>
/// What the detail page shows: the campaign, its audience today while editable, its first failures
/// once done; whether it is (or was) a sandbox simulation, and why it cannot be sent, if so.
/// </summary>
public sealed record CampaignDetail(CampaignState Campaign, int Recipients, IReadOnlyList<CampaignFailure> Failures, bool Simulated = false, string? SendRefusal = null);

public sealed record CampaignFailure(string Email, string Reason);
