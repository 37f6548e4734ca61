namespace MarketMicro.Silo;

/// <summary>
/// Work a silo runs in the background while it is active: started once the silo is active (so grains can be called),
/// cancelled and awaited when the silo stops.
/// </summary>
internal abstract class ActiveSiloTask : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, Start, StopAsync);

    /// <summary>Cancelled when the silo stops.</summary>
    protected CancellationToken Stopping => stopping.Token;

    /// <summary>The work; it ends when <paramref name="cancellationToken"/> (<see cref="Stopping"/>) is cancelled, or sooner.</summary>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    private Task Start(CancellationToken cancellationToken)
    {
        running = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
