using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Presenca.Web.Campaigns.Drafting;

/// <summary>The panel's state: the brief, the draft while it streams, its outcome. One draft at a time.</summary>
public sealed partial class AiDraftPanel : IDisposable
{
    private const string KeyPointsHelp = "Pour personnaliser, écrivez par exemple « saluer {{organisation}} » ou « rappeler l'adresse {{email}} ».";

    // Renders at most every 100 ms while text streams in: the circuit carries diffs, not every token.
    private const long RenderIntervalMs = 100;

    private readonly DraftBrief _brief = new();
    private bool _open;
    private DraftAvailability? _availability;
    private bool _streaming;
    private DraftText _live = DraftText.Empty;
    private DraftResult? _result;
    private string? _error;
    private string _chosenSubject = "";
    private CancellationTokenSource? _cancel;
    private long _lastRender;

    /// <summary>The client the draft is for: the template's or campaign's owner.</summary>
    [Parameter, EditorRequired]
    public Guid ClientId { get; set; }

    /// <summary>Receives the accepted subject and sanitised HTML.</summary>
    [Parameter]
    public EventCallback<AcceptedDraft> OnAccepted { get; set; }

    [Inject]
    private DraftingService Drafting { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string BudgetLine
    {
        get
        {
            var pricing = Drafting.Pricing;
            var price = pricing.PriceOf(_brief.Model);
            var most = price is null ? "" : $"Cette rédaction coûtera au plus {pricing.Format(Connexions.OpenAiPricing.Cost(price, DraftPrompt.For(_brief, _availability!.ClientName).TokenUpperBound, Drafting.MaxTokens))}. ";
            return most + (_availability!.Budget is { } budget
                ? $"Ce mois-ci : {pricing.Format(_availability.Spent)} dépensés sur un budget de {pricing.Format(budget)}."
                : $"Ce mois-ci : {pricing.Format(_availability.Spent)} dépensés (sans budget mensuel).");
        }
    }

    private string UsageLine(DraftResult result) =>
        $"{result.PromptTokens ?? 0} jetons envoyés, {result.CompletionTokens ?? 0} reçus, coût {Drafting.Pricing.Format(result.Cost)}.";

    private async Task ToggleAsync()
    {
        _open = !_open;
        if (_open && _availability is null)
        {
            await LoadAvailabilityAsync();
        }
    }

    private async Task LoadAvailabilityAsync()
    {
        _availability = await Drafting.GetAvailabilityAsync(ClientId);
        if (!_availability.Models.Contains(_brief.Model))
        {
            _brief.Model = _availability.Models.FirstOrDefault() ?? "";
        }
    }

    private async Task GenerateAsync()
    {
        if (_streaming)
        {
            return;
        }

        _streaming = true;
        _error = null;
        _result = null;
        _live = DraftText.Empty;
        _cancel = new CancellationTokenSource();
        try
        {
            var result = await Drafting.DraftAsync(ClientId, _brief, ShowProgressAsync, _cancel.Token);
            if (result.Succeeded)
            {
                _result = result;
                _chosenSubject = result.Subjects[0];
            }
            else
            {
                _error = result.Message;
                _live = DraftText.Empty;
            }

            await LoadAvailabilityAsync();
        }
        finally
        {
            _streaming = false;
            // Not disposed: Dispose() may still cancel it; a source without a timer holds nothing.
            _cancel = null;
        }
    }

    private Task ShowProgressAsync(DraftText text)
    {
        _live = text;
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastRender) < RenderIntervalMs)
        {
            return Task.CompletedTask;
        }

        Interlocked.Exchange(ref _lastRender, now);
        return InvokeAsync(StateHasChanged);
    }

    private void Cancel() => _cancel?.Cancel();

    private async Task AcceptAsync()
    {
        if (_result is not { Succeeded: true } result)
        {
            return;
        }

        await OnAccepted.InvokeAsync(new AcceptedDraft(_chosenSubject.Length > 0 ? _chosenSubject : result.Subjects[0], result.Html));
        _result = null;
        _open = false;
        Snackbar.Add("Le brouillon de l'IA est dans l'éditeur : relisez-le, puis enregistrez.", Severity.Success);
    }

    private void Discard()
    {
        _result = null;
        _live = DraftText.Empty;
    }

    public void Dispose() => _cancel?.Cancel();
}

/// <summary>What "Accepter" hands to the editor.</summary>
public sealed record AcceptedDraft(string Subject, string Html);
