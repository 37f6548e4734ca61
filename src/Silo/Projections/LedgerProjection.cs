using MarketMicro.Grains;
using MarketMicro.Grains.Orders;
using MarketMicro.Grains.Projections;
using MarketMicro.Orders;
using MarketMicro.Projections;
using MarketMicro.Silo.Ledger;
using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Projections;

/// <summary>
/// The order ledger as a projection: its checkpoint is a row in the ledger's own database. Orders are read from their
/// stored states on one connection, not through their grains: a settled order leaves memory at once, and a catch-up
/// that read through the grains brought every order of the last pass back into memory (6,900 activations after the
/// benchmark's checkouts, held for 15 minutes).
/// </summary>
public sealed class LedgerProjection(SqlOrderLedger ledger, IGrainFactory grains, GroupCommitGrainStorage storage) : IProjection
{
    public string Name => ProjectionNames.Ledger;

    public string StateName => StateNames.Order;

    public Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default) => ledger.GetCheckpointAsync(Name, cancellationToken);

    public Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default) => ledger.SetCheckpointAsync(Name, checkpoint, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken = default) => ledger.ClearAsync(Name, cancellationToken);

    /// <summary>
    /// Orders still being placed, or refused, are not in the ledger: they show up once placed (what their grains' <c>Get</c>
    /// answers from the same stored state). An order the ledger already holds at this version (its events got there
    /// first, as they almost always do) is not written again.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadStoredStatesAsync<Order>(
            StateNames.Order, ids.Select(id => grains.Reference<IOrderGrain>(id).GetGrainId()), cancellationToken);
        var orders = stored.Where(order => order.IsVisible).Select(order => order.Snapshot()).ToList();
        var held = orders.Count == 0 ? [] : await ledger.VersionsAsync(orders.Select(order => order.Id).ToList(), cancellationToken);
        foreach (var order in orders.Where(order => !held.TryGetValue(order.Id, out var version) || version < order.Version))
        {
            await ledger.ApplyAsync(order, cancellationToken);
        }
    }
}
