using System.Collections.Concurrent;
using MarketMicro.Products;

namespace MarketMicro.Grains.Products;

/// <summary>
/// This silo's recently read products, for views that show many products at once (a cart's lines) without a grain call
/// per product on every answer. A product grain active on this silo puts the product here after every change it makes
/// (before the write that stores it) and forgets it when its activation ends: such a <em>hosted</em> entry is what the
/// grain's own <c>Get</c> would answer, however old, so a cart on this silo may decide from it without a call (the stock
/// check of an add, the early refusal of a sold-out checkout; the sale itself is the product grain's). An entry read
/// from a product hosted on another silo is only shown, for at most <see cref="MaxAge"/>; then the product is asked
/// again. Entries that are not hosted and older than <see cref="MaxAge"/> are swept out every few seconds, so the cache
/// holds only what is in use.
/// </summary>
public sealed class ProductSnapshotCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();
    private long lastSweep = clock.GetTimestamp();

    /// <summary>
    /// The product (deleted ones too) as its grain holds it when that is active on this silo, or as it was read less than
    /// <see cref="MaxAge"/> ago.
    /// </summary>
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

    /// <summary>The product as its grain, active on this silo, holds it (what its <c>Get</c> answers): what a cart may decide from.</summary>
    public bool TryGetHosted(Guid productId, out ProductSnapshot product)
    {
        var hosted = entries.TryGetValue(productId, out var entry) && entry.Hosted;
        product = hosted ? entry!.Product : null!;
        return hosted;
    }

    /// <summary>
    /// Keeps <paramref name="product"/>, read from its grain, unless a newer version is kept already (a read that raced a
    /// change) or the product's grain is active here (its own entry is never older than a read).
    /// </summary>
    public void Put(ProductSnapshot product)
    {
        var entry = new Entry(product, clock.GetTimestamp(), Hosted: false);
        entries.AddOrUpdate(product.Id, entry, (_, kept) => kept.Hosted || kept.Product.Version > product.Version ? kept : entry);
        SweepWhenDue(entry.At);
    }

    /// <summary>
    /// The product as its grain, active on this silo, holds it after loading or changing it (a reservation changes it
    /// without a new version, so this replaces whatever is kept). Its activation must <see cref="Forget"/> it when it ends.
    /// </summary>
    public void PutHosted(ProductSnapshot product)
    {
        var entry = new Entry(product, clock.GetTimestamp(), Hosted: true);
        entries[product.Id] = entry;
        SweepWhenDue(entry.At);
    }

    /// <summary>Drops the product: its grain's activation ends here, or holds changes that may never be stored.</summary>
    public void Forget(Guid productId) => entries.TryRemove(productId, out _);

    public int Count => entries.Count;

    private bool IsFresh(Entry entry) => entry.Hosted || clock.GetElapsedTime(entry.At) < MaxAge;

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

    private sealed record Entry(ProductSnapshot Product, long At, bool Hosted);
}
