using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Presenca.Web.Diagnostics;

/// <summary>How many circuits this instance holds open, for the memory-per-circuit benchmark.</summary>
public sealed class OpenCircuits
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    internal void Opened() => Interlocked.Increment(ref _count);

    internal void Closed() => Interlocked.Decrement(ref _count);
}

/// <summary>Keeps <see cref="OpenCircuits"/> up to date (registered only with diagnostics on).</summary>
internal sealed class OpenCircuitsHandler(OpenCircuits circuits) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Closed();
        return Task.CompletedTask;
    }
}
