using MarketMicro.Products;
using MarketMicro.Search;

namespace MarketMicro.Grains.Search;

/// <summary>
/// The search port: Lucene on disk (embedded default) or Elasticsearch. Upserts keep the newest product version;
/// the index is rebuilt from the products when it is found empty at start-up.
/// </summary>
public interface IProductSearchIndex
{
    Task UpsertAsync(IReadOnlyList<ProductSnapshot> products, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default);

    Task<ProductSearchResult> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FacetCount>> CategoriesAsync(CancellationToken cancellationToken = default);

    /// <summary>How many products the index holds (0 after a loss: the cue to rebuild).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}
