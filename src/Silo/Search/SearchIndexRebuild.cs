using MarketMicro.Grains.Search;
using MarketMicro.Products;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MarketMicro.Silo.Search;

/// <summary>
/// The index is derived, never the truth: when a silo finds it empty (first start, or the folder was lost) it is
/// rebuilt from every stored product, in the background, while the shop already serves.
/// </summary>
public sealed class SearchIndexRebuild(
    IProductSearchIndex index,
    StoredProductIds storedIds,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    ILogger<SearchIndexRebuild> logger)
{
    private const int BatchSize = 256;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => RebuildIfEmptyAsync(CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task<int> RebuildIfEmptyAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await index.CountAsync(cancellationToken) > 0)
            {
                return 0;
            }

            var indexed = 0;
            var batch = new List<Guid>(BatchSize);
            await foreach (var id in storedIds.ReadAsync(cluster.Value.ServiceId, cancellationToken))
            {
                batch.Add(id);
                if (batch.Count == BatchSize)
                {
                    indexed += await IndexAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }

            indexed += await IndexAsync(batch, cancellationToken);
            if (indexed > 0)
            {
                logger.LogInformation("Search index rebuilt from {Count} stored products", indexed);
            }

            return indexed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Search index rebuild failed; products are indexed again as they change");
            return 0;
        }
    }

    private async Task<int> IndexAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        var products = await Task.WhenAll(ids.Select(id => grains.GetGrain<IProductGrain>(id).Get()));
        var live = products.OfType<ProductSnapshot>().ToList();
        await index.UpsertAsync(live, cancellationToken);
        return live.Count;
    }
}
