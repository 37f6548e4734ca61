using MarketMicro.Grains.Search;
using MarketMicro.Products;
using Microsoft.Extensions.Logging;

namespace MarketMicro.Silo.Search;

/// <summary>This silo's search replica as the other silos reach it (see <see cref="SearchIndexFeed"/>).</summary>
internal sealed class SearchReplicaService(GrainId id, Orleans.Runtime.Silo silo, ILoggerFactory loggers, IProductSearchIndex index)
    : GrainService(id, silo, loggers), ISearchReplicaService
{
    public Task Apply(IReadOnlyList<ProductSnapshot> products) => index.UpsertAsync(products);
}
