using MarketMicro.Grains;
using MarketMicro.Grains.Projections;
using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Projections;

namespace MarketMicro.Silo.Projections;

/// <summary>The search index as a projection: its checkpoint is stored with the index, so a lost index means a full pass.</summary>
public sealed class SearchIndexProjection(IProductSearchIndex index, IGrainFactory grains) : IProjection
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
        var products = await Task.WhenAll(ids.Select(id => grains.GetGrain<IProductGrain>(id).GetIncludingDeleted()));
        await index.UpsertAsync(products.OfType<ProductSnapshot>().ToList(), cancellationToken);
    }
}
