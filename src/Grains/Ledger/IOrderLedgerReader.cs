using MarketMicro.Ledger;

namespace MarketMicro.Grains.Ledger;

/// <summary>Aggregates over the ledger, computed in the database.</summary>
public interface IOrderLedgerReader
{
    Task<LedgerOrderPage> ListOrdersAsync(LedgerOrderFilter filter, CancellationToken cancellationToken = default);

    Task<Financials> GetFinancialsAsync(DateOnly from, DateOnly to, int topProducts, CancellationToken cancellationToken = default);
}
