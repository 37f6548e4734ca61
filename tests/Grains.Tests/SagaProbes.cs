using System.Collections.Concurrent;
using MarketMicro.Grains.Orders;

namespace MarketMicro.Grains.Tests;

/// <summary>Per-silo saga probes: a test can hold one order at one step and learn which silo runs it.</summary>
public sealed class SagaProbes
{
    private readonly ConcurrentDictionary<(Guid? Order, string Step), Hold> holds = new();

    public IOrderSagaProbe For(string siloName) => new Probe(this, siloName);

    /// <summary>Holds the next order (or the given one) that reaches <paramref name="step"/>.</summary>
    public Hold HoldAt(string step, Guid? orderId = null) => holds.GetOrAdd((orderId, step), _ => new Hold());

    public sealed class Hold
    {
        private readonly TaskCompletionSource<(Guid OrderId, string SiloName)> reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<(Guid OrderId, string SiloName)> Reached => reached.Task;

        internal Task Gate { get; } = new TaskCompletionSource().Task; // never released: the silo is killed while waiting

        internal bool TryEnter(Guid orderId, string silo) => reached.TrySetResult((orderId, silo));
    }

    private sealed class Probe(SagaProbes owner, string siloName) : IOrderSagaProbe
    {
        public Task OnStepAsync(Guid orderId, string step)
        {
            foreach (var key in new (Guid?, string)[] { (orderId, step), (null, step) })
            {
                if (owner.holds.TryGetValue(key, out var hold) && hold.TryEnter(orderId, siloName))
                {
                    return hold.Gate;
                }
            }

            return Task.CompletedTask;
        }
    }
}
