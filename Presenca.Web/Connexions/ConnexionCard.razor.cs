using Microsoft.AspNetCore.Components;
using MudBlazor;
using Presenca.Data.Connexions;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Connexions;

public sealed partial class ConnexionCard : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private ConnexionInput _input = new();
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private (bool Ok, string Text)? _message;
    private bool _secretDiscarded;
    private bool _busy;
    private bool _testing;
    private bool _resetInput = true;
    private IntegrationState? _staleState;

    [Inject]
    private ConnexionEditor Editor { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public ClientSummary Client { get; set; } = default!;

    [Parameter, EditorRequired]
    public IntegrationState State { get; set; } = default!;

    [Parameter]
    public bool CanEdit { get; set; }

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    /// <summary>Reads the page's state again after a save or a test changed this connexion.</summary>
    [Parameter]
    public EventCallback OnChanged { get; set; }

    private Integration Integration => State.Integration;

    private string Key => ConnexionSets.Prefix(Integration);

    private string Name => ConnexionLabels.Of(Integration);

    protected override void OnParametersSet()
    {
        // The form shows the stored connexion when first shown and after a save or test went
        // through; after a refused save it keeps what the user typed (except secrets).
        if (_resetInput && !ReferenceEquals(State, _staleState))
        {
            _input = State.Own?.Input.Copy() ?? ConnexionInput.From(null, Integration);
            _resetInput = false;
        }
    }

    private async Task SaveAsync()
    {
        if (_busy || !await ConfirmedAsync())
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Editor.SaveAsync(Client.ClientId, Integration, _input, _disposed.Token);
            _message = (result.Saved, result.Message);
            _errors = result.Errors;
            Snackbar.Add(result.Message, result.Saved ? Severity.Success : Severity.Error);
            if (result.Saved)
            {
                _secretDiscarded = false;
                (_resetInput, _staleState) = (true, State);
                await OnChanged.InvokeAsync();
            }
            else
            {
                // A typed secret is never sent back to the browser, not even to say it was refused.
                _secretDiscarded = !string.IsNullOrEmpty(_input.NouvelleCle) || !string.IsNullOrEmpty(_input.NouvelleCleConnexion);
                _input.NouvelleCle = null;
                _input.NouvelleCleConnexion = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Switching a connexion off, or taking it away from the agencies, stops what uses it at once: ask first.</summary>
    private async Task<bool> ConfirmedAsync()
    {
        var disabling = State.Own is { Actif: true } && !_input.Actif;
        var unsharing = Client.ClientType == ClientType.Reseau && State.Own is { PartageAgences: true } && !_input.PartageAgences;
        if (!disabling && !unsharing)
        {
            return true;
        }

        var (title, message, verb) = disabling
            ? ($"Désactiver la connexion {Name} ?",
                $"Plus aucun envoi ni appel n'utilisera la connexion {Name} de {Client.ClientNom}, dès l'enregistrement."
                + (State.Own!.PartageAgences ? " Les agences du réseau qui s'en servent n'en auront plus." : ""),
                "Désactiver")
            : ($"Ne plus partager la connexion {Name} ?",
                $"Les agences du réseau qui n'ont pas leur propre connexion {Name} ne pourront plus utiliser celle de {Client.ClientNom}, dès l'enregistrement.",
                "Ne plus partager");
        return await Dialogs.ShowMessageBoxAsync(title, message, yesText: verb, cancelText: "Annuler") == true;
    }

    private async Task TestAsync()
    {
        if (_busy)
        {
            return;
        }

        (_busy, _testing) = (true, true);
        try
        {
            var outcome = await Editor.TestAsync(Client.ClientId, Integration, _disposed.Token);
            var (ok, text) = outcome is null
                ? (false, "Rien à tester : cette connexion ne fait pas partie de votre périmètre.")
                : (outcome.Succeeded, outcome.Message);
            _message = (ok, text);
            Snackbar.Add(text, ok ? Severity.Success : Severity.Error);
            if (outcome is not null)
            {
                _errors = new Dictionary<string, string>();
                _secretDiscarded = false;
                (_resetInput, _staleState) = (true, State);
                await OnChanged.InvokeAsync();
            }
        }
        finally
        {
            (_busy, _testing) = (false, false);
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
