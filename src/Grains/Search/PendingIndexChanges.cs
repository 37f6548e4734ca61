using System.Collections.Concurrent;
using MarketMicro.Products;

namespace MarketMicro.Grains.Search;

/// <summary>
/// Catalog changes waiting to be indexed together: each product once, in the newest version heard. Thread-safe; the
/// first change after a drain tells its caller to schedule the next one.
/// </summary>
public sealed class PendingIndexChanges
{
    private readonly ConcurrentDictionary<Guid, ProductSnapshot> pending = new();
    private int drainScheduled;

    /// <summary>Keeps the change unless a newer version of the product waits already; true when a drain must be scheduled.</summary>
    public bool Add(ProductSnapshot product)
    {
        pending.AddOrUpdate(product.Id, product, (_, kept) => kept.Version >= product.Version ? kept : product);
        return Interlocked.Exchange(ref drainScheduled, 1) == 0;
    }

    /// <summary>Takes every waiting change. Changes added from here on schedule the next drain; those added during it may come in this one.</summary>
    public IReadOnlyList<ProductSnapshot> Drain()
    {
        Volatile.Write(ref drainScheduled, 0);
        var batch = new List<ProductSnapshot>(pending.Count);
        foreach (var productId in pending.Keys)
        {
            if (pending.TryRemove(productId, out var product))
            {
                batch.Add(product);
            }
        }

        return batch;
    }
}
