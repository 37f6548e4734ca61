using MarketMicro.Ledger;
using Orleans.Concurrency;

namespace MarketMicro.Grains.Ledger;

[StatelessWorker]
public sealed class LedgerQueryGrain(IOrderLedgerReader reader) : Grain, ILedgerQueryGrain
{
    public Task<LedgerOrderPage> ListOrders(LedgerOrderFilter filter) => reader.ListOrdersAsync(filter);

    public Task<Financials> GetFinancials(DateOnly from, DateOnly to) => reader.GetFinancialsAsync(from, to, LedgerLimits.TopProducts);
}
