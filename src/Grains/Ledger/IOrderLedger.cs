using MarketMicro.Orders;

namespace MarketMicro.Grains.Ledger;

/// <summary>
/// The order ledger: a projection of order events into relational tables. Applying is idempotent and
/// order-insensitive: a snapshot older than the stored version changes nothing.
/// </summary>
public interface IOrderLedger
{
    Task ApplyAsync(OrderSnapshot order, CancellationToken cancellationToken = default);
}
