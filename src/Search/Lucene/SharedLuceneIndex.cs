using MarketMicro.Grains.Search;
using MarketMicro.Products;
using Microsoft.Extensions.Logging;

namespace MarketMicro.Search.Lucene;

/// <summary>
/// One Lucene index per folder and process, shared by every silo hosted in that process (a Lucene folder takes a
/// single writer). The index closes when the last silo using it stops. Separate processes need separate folders:
/// a cluster of several silo processes should use Elasticsearch.
/// </summary>
public sealed class SharedLuceneIndex : IProductSearchIndex, IDisposable
{
    private static readonly Dictionary<string, (LuceneProductIndex Index, int Users)> Open = [];
    private static readonly System.Threading.Lock Gate = new();
    private readonly string path;
    private readonly LuceneProductIndex index;
    private int disposed;

    public SharedLuceneIndex(string path, ILogger<LuceneProductIndex> logger)
    {
        this.path = Path.GetFullPath(path);
        lock (Gate)
        {
            var (existing, users) = Open.GetValueOrDefault(this.path);
            index = existing ?? new LuceneProductIndex(this.path, logger);
            Open[this.path] = (index, users + 1);
        }
    }

    public Task UpsertAsync(IReadOnlyList<ProductSnapshot> products, CancellationToken cancellationToken = default) => index.UpsertAsync(products, cancellationToken);

    public Task DeleteAsync(Guid productId, CancellationToken cancellationToken = default) => index.DeleteAsync(productId, cancellationToken);

    public Task<ProductSearchResult> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default) => index.SearchAsync(query, cancellationToken);

    public Task<IReadOnlyList<FacetCount>> CategoriesAsync(CancellationToken cancellationToken = default) => index.CategoriesAsync(cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => index.CountAsync(cancellationToken);

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
