using MarketMicro.Grains;
using MarketMicro.Grains.Projections;
using MarketMicro.Orders;
using MarketMicro.Projections;
using MarketMicro.Silo.Ledger;

namespace MarketMicro.Silo.Projections;

/// <summary>The order ledger as a projection: its checkpoint is a row in the ledger's own database.</summary>
public sealed class LedgerProjection(SqlOrderLedger ledger, IGrainFactory grains) : IProjection
{
    public string Name => ProjectionNames.Ledger;

    public string StateName => StateNames.Order;

    public Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default) => ledger.GetCheckpointAsync(Name, cancellationToken);

    public Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default) => ledger.SetCheckpointAsync(Name, checkpoint, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken = default) => ledger.ClearAsync(Name, cancellationToken);

    /// <summary>Orders still being placed, or refused, are not in the ledger: they show up once placed.</summary>
    public async Task ApplyAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default)
    {
        var orders = await Task.WhenAll(ids.Select(id => grains.Reference<IOrderGrain>(id).Get()));
        foreach (var order in orders.OfType<OrderSnapshot>())
        {
            await ledger.ApplyAsync(order, cancellationToken);
        }
    }
}
