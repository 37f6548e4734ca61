using MarketMicro.Audit;
using MarketMicro.Grains.Ledger;
using MarketMicro.Grains.Projections;
using MarketMicro.Grains.Search;
using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Grains.Audit;

/// <summary>
/// Runs the invariant audit inside the silo: every stored product and order id from the storage table, each read
/// through its grain (a few hundred at a time), against the ledger and the search index. The rules are in <see cref="ShopAudit"/>.
/// </summary>
public sealed class ShopAuditGrain(
    IStoredStateChanges stored,
    IOrderLedgerReader ledger,
    IProductSearchIndex index,
    TimeProvider clock) : Grain, IShopAuditGrain
{
    private const int CallsAtOnce = 256;

    public async Task<AuditReport> Run(int examples = 20)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        var products = await ReadAllAsync(StateNames.Product, id => GrainFactory.Reference<IProductGrain>(id).Audit());
        var orders = await ReadAllAsync(StateNames.Order, ReadOrderAsync);
        var facts = new ShopFacts(
            products, orders, await ledger.ReadOrdersForAuditAsync(), await ledger.SumByStatusAsync(), await index.VersionsAsync());
        return new AuditReport(startedAt, clock.GetUtcNow().UtcDateTime, ShopAudit.Check(facts, examples));
    }

    private async Task<AuditedOrder?> ReadOrderAsync(Guid id)
    {
        var order = GrainFactory.Reference<IOrderGrain>(id);
        return await order.GetStatus() is { } status ? new AuditedOrder(id, status, await order.Get()) : null;
    }

    /// <summary>Reads every stored grain of a state name; grains that answer null (never existed) are left out.</summary>
    private async Task<IReadOnlyList<T>> ReadAllAsync<T>(string stateName, Func<Guid, Task<T?>> read)
        where T : class
    {
        var ids = (await stored.ReadSinceAsync(stateName, since: null)).Items.Select(change => change.Id).ToList();
        var found = new List<T>(ids.Count);
        foreach (var chunk in ids.Chunk(CallsAtOnce))
        {
            found.AddRange((await Task.WhenAll(chunk.Select(read))).OfType<T>());
        }

        return found;
    }
}
