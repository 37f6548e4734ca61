using MarketMicro.Ledger;
using MarketMicro.Orders;

namespace MarketMicro.Grains.Ledger;

/// <summary>Aggregates over the ledger, computed in the database.</summary>
public interface IOrderLedgerReader
{
    Task<LedgerOrderPage> ListOrdersAsync(LedgerOrderFilter filter, CancellationToken cancellationToken = default);

    Task<Financials> GetFinancialsAsync(DateOnly from, DateOnly to, int topProducts, CancellationToken cancellationToken = default);

    /// <summary>Status, total and version of every order row, by order id (the auditor's full pass).</summary>
    Task<IReadOnlyList<LedgerAuditRow>> ReadOrdersForAuditAsync(CancellationToken cancellationToken = default);

    /// <summary>Order count and total by status, aggregated by the database.</summary>
    Task<IReadOnlyList<LedgerStatusSum>> SumByStatusAsync(CancellationToken cancellationToken = default);
}

/// <summary>What the ledger says of one order, for the auditor.</summary>
public sealed record LedgerAuditRow(Guid OrderId, OrderStatus Status, long TotalCents, long Version);

/// <summary>The ledger's own aggregate for one status: how many orders and their total.</summary>
public sealed record LedgerStatusSum(OrderStatus Status, long Orders, long TotalCents);
