using MarketMicro.Ledger;
using Orleans.Concurrency;

namespace MarketMicro.Grains.Ledger;

[StatelessWorker]
public sealed class LedgerQueryGrain(IOrderLedgerReader reader) : Grain, ILedgerQueryGrain
{
    private const int TopProducts = 10;

    public Task<LedgerOrderPage> ListOrders(LedgerOrderFilter filter) => reader.ListOrdersAsync(filter);

    public Task<Financials> GetFinancials(DateOnly from, DateOnly to) => reader.GetFinancialsAsync(from, to, TopProducts);
}
