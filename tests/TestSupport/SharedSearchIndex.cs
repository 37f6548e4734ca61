using MarketMicro.Grains.Search;
using MarketMicro.Products;
using MarketMicro.Search;
using MarketMicro.Search.Lucene;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMicro.TestSupport;

/// <summary>
/// Test clusters run several silos in one process on one data directory, and a Lucene folder takes a single writer:
/// the silos of such a cluster share one index per folder, closed when the last of them stops.
/// </summary>
public sealed class SharedSearchIndex : IProductSearchIndex, IDisposable
{
    private static readonly Dictionary<string, (LuceneProductIndex Index, int Users)> Open = [];
    private static readonly System.Threading.Lock Gate = new();
    private readonly string path;
    private readonly LuceneProductIndex index;
    private int disposed;

    private SharedSearchIndex(string path)
    {
        this.path = Path.GetFullPath(path);
        lock (Gate)
        {
            var (existing, users) = Open.GetValueOrDefault(this.path);
            index = existing ?? new LuceneProductIndex(this.path, NullLogger<LuceneProductIndex>.Instance);
            Open[this.path] = (index, users + 1);
        }
    }

    /// <summary>Registers the shared index of this data directory's search folder, before the silo's own composition.</summary>
    public static ISiloBuilder Register(ISiloBuilder silo, string dataDirectory)
    {
        silo.Services.AddSingleton<IProductSearchIndex>(_ => new SharedSearchIndex(Path.Combine(dataDirectory, "search")));
        return silo;
    }

    /// <summary>Shared by the silos of a test cluster: one pass for the whole cluster, as with Elasticsearch.</summary>
    public bool IsLocalReplica => false;

    public Task UpsertAsync(IReadOnlyList<ProductSnapshot> products, CancellationToken cancellationToken = default) => index.UpsertAsync(products, cancellationToken);

    public Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default) => index.DeleteAsync(productId, cancellationToken);

    public Task<ProductSearchResult> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default) => index.SearchAsync(query, cancellationToken);

    public Task<IReadOnlyList<FacetCount>> CategoriesAsync(CancellationToken cancellationToken = default) => index.CategoriesAsync(cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => index.CountAsync(cancellationToken);

    public Task<IReadOnlyDictionary<Guid, long>> VersionsAsync(CancellationToken cancellationToken = default) => index.VersionsAsync(cancellationToken);

    public Task<string?> GetCheckpointAsync(CancellationToken cancellationToken = default) => index.GetCheckpointAsync(cancellationToken);

    public Task SetCheckpointAsync(string checkpoint, CancellationToken cancellationToken = default) => index.SetCheckpointAsync(checkpoint, cancellationToken);

    public Task ClearAsync(CancellationToken cancellationToken = default) => index.ClearAsync(cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        lock (Gate)
        {
            var (_, users) = Open[path];
            if (users > 1)
            {
                Open[path] = (index, users - 1);
                return;
            }

            Open.Remove(path);
        }

        index.Dispose();
    }
}
