namespace MarketMicro.Grains.Orders;

/// <summary>
/// Observes the steps of order placement. The default does nothing; crash tests register one that holds a
/// step open so that a silo can be killed exactly there.
/// </summary>
public interface IOrderSagaProbe
{
    Task OnStepAsync(Guid orderId, string step);
}

public sealed class NoOrderSagaProbe : IOrderSagaProbe
{
    public Task OnStepAsync(Guid orderId, string step) => Task.CompletedTask;
}

public static class SagaSteps
{
    /// <summary>Every product sold the order its units; the order has not taken them yet.</summary>
    public const string Reserved = "reserved";

    /// <summary>The order accepted the units in memory; nothing of that is stored yet.</summary>
    public const string Committed = "committed";

    /// <summary>The change and its events are stored, and the buyer's list holds the order; nothing is published yet.</summary>
    public const string Stored = "stored";
}
