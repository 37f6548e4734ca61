using MarketMicro.Grains;
using MarketMicro.Grains.Products;
using MarketMicro.Grains.Projections;
using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Projections;
using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Projections;

/// <summary>
/// The search index as a projection: its checkpoint is stored with the index, so a lost index means a full pass.
/// Products are read from their stored states on one connection (as the ledger reads orders), not through their grains:
/// reading through the grains activated every product a pass applied (all of them in a rebuild or after an import), and
/// a product's collection stores its state once more (without its published events), which the next catch-up saw as a
/// change and activated it again.
/// </summary>
public sealed class SearchIndexProjection(IProductSearchIndex index, IGrainFactory grains, GroupCommitGrainStorage storage) : IProjection
{
    public string Name => ProjectionNames.Search;

    public string StateName => StateNames.Product;

    public bool IsPerSilo => index.IsLocalReplica;

    public Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default) => index.GetCheckpointAsync(cancellationToken);

    public Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default) => index.SetCheckpointAsync(checkpoint, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken = default) => index.ClearAsync(cancellationToken);

    /// <summary>Deleted products are applied too: their newer, deleted version takes them out of the index.</summary>
    public async Task ApplyAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadStoredStatesAsync<Product>(
            StateNames.Product, ids.Select(id => grains.Reference<IProductGrain>(id).GetGrainId()), cancellationToken);
        await index.UpsertAsync(stored.Where(product => product.Exists).Select(product => product.Snapshot()).ToList(), cancellationToken);
    }
}
