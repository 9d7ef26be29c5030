using Microsoft.AspNetCore.Components;

namespace Presenca.Web.Connexions;

/// <summary>
/// Connexions: a network director configures the network's connexions and those of its agencies
/// (and whether agencies may use the network's); agency staff see the connexion that serves them
/// and why. Runs in the circuit; what the prerender read is handed over, secret-free.
/// </summary>
public sealed partial class ConnexionsPage : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();

    [Inject]
    private ConnexionEditor Editor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "client")]
    public Guid? ClientId { get; set; }

    /// <summary>Read while prerendering and restored in the circuit, so it is not queried twice.</summary>
    [PersistentState]
    public ConnexionsState? State { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // Another ?client= in the same circuit (the client links) reads that client's connexions.
        if (State is null || State.RequestedClientId != ClientId)
        {
            await ReloadAsync();
        }
    }

    private async Task ReloadAsync()
    {
        var state = await Editor.LoadAsync(ClientId, _disposed.Token);
        State = state;
        if (state is null)
        {
            Navigation.NotFound();
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
