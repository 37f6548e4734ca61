using MarketMicro.Products;
using MarketMicro.Search;

namespace MarketMicro.Grains.Search;

/// <summary>
/// The search port: Lucene on disk (embedded default) or Elasticsearch. Upserts keep the newest product version
/// (a deleted version removes the product). The index keeps its projection checkpoint with itself: an index that was
/// lost has none, and is refilled from every stored product.
/// </summary>
public interface IProductSearchIndex
{
    /// <summary>
    /// True for an index private to this silo (Lucene on local disk): in a cluster every silo then keeps a full replica
    /// of its own, caught up by its own passes; false for an index all silos share (Elasticsearch).
    /// </summary>
    bool IsLocalReplica { get; }

    Task UpsertAsync(IReadOnlyList<ProductSnapshot> products, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default);

    Task<ProductSearchResult> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FacetCount>> CategoriesAsync(CancellationToken cancellationToken = default);

    /// <summary>How many products the index holds .</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>The version of every product the index holds, by product id (the auditor compares it with the grains).</summary>
    Task<IReadOnlyDictionary<Guid, long>> VersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>The checkpoint last stored with the index; null for a new or lost index.</summary>
    Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the checkpoint with the index, durable no earlier than the writes made before it.</summary>
    Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Removes every product and the checkpoint.</summary>
    Task ClearAsync(CancellationToken cancellationToken = default);
}
