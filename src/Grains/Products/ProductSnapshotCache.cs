using System.Collections.Concurrent;
using MarketMicro.Products;

namespace MarketMicro.Grains.Products;

/// <summary>
/// This silo's recently read products, for views that show many products at once (a cart's lines) without a grain call
/// per product on every answer. A product grain puts what it has stored here before it answers the call that changed it,
/// so on the silo that hosts the product an entry is never older than the stored product. An entry read from a product
/// hosted on another silo is used for at most <see cref="MaxAge"/>; then the product is asked again.
/// Only for showing products: whatever decides (stock for an add, the sale at checkout) asks the product grain itself.
/// Entries older than <see cref="MaxAge"/> are swept out every few seconds, so the cache holds only what is in use.
/// </summary>
public sealed class ProductSnapshotCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();
    private long lastSweep = clock.GetTimestamp();

    /// <summary>The product as last stored (deleted ones too) when that was read or stored less than <see cref="MaxAge"/> ago.</summary>
    public bool TryGet(Guid productId, out ProductSnapshot product)
    {
        if (entries.TryGetValue(productId, out var entry) && IsFresh(entry))
        {
            product = entry.Product;
            return true;
        }

        product = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="product"/> unless a newer version is kept already (a read that raced a change).</summary>
    public void Put(ProductSnapshot product)
    {
        var entry = new Entry(product, clock.GetTimestamp());
        entries.AddOrUpdate(product.Id, entry, (_, kept) => kept.Product.Version > product.Version ? kept : entry);
        SweepWhenDue(entry.At);
    }

    /// <summary>Drops the product: its grain holds changes that may never be stored.</summary>
    public void Forget(Guid productId) => entries.TryRemove(productId, out _);

    public int Count => entries.Count;

    private bool IsFresh(Entry entry) => clock.GetElapsedTime(entry.At) < MaxAge;

    private void SweepWhenDue(long now)
    {
        var last = Interlocked.Read(ref lastSweep);
        if (clock.GetElapsedTime(last, now) < SweepEvery || Interlocked.CompareExchange(ref lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (productId, entry) in entries)
        {
            if (!IsFresh(entry))
            {
                entries.TryRemove(new KeyValuePair<Guid, Entry>(productId, entry));
            }
        }
    }

    private sealed record Entry(ProductSnapshot Product, long At);
}
