using MarketMicro.Grains;
using MarketMicro.Grains.Products;
using MarketMicro.Grains.Projections;
using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Projections;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace MarketMicro.Silo.Projections;

/// <summary>
/// The search index as a projection: its checkpoint is stored with the index, so a lost index means a full pass.
/// Products are read from their stored state, not through their grains: reading through the grains activated every
/// product a pass applied (all of them in a rebuild or after an import), and a product's collection stores its state
/// once more (without its published events), which the next catch-up saw as a change and activated it again.
/// </summary>
public sealed class SearchIndexProjection(
    IProductSearchIndex index,
    IGrainFactory grains,
    [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainStorage storage) : IProjection
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
        var products = await Task.WhenAll(ids.Select(ReadStoredAsync));
        await index.UpsertAsync(products.OfType<ProductSnapshot>().ToList(), cancellationToken);
    }

    private async Task<ProductSnapshot?> ReadStoredAsync(Guid id)
    {
        var stored = new GrainState<Product>(new Product());
        await storage.ReadStateAsync(StateNames.Product, grains.Reference<IProductGrain>(id).GetGrainId(), stored);
        return stored.State is { Exists: true } product ? product.Snapshot() : null;
    }
}
