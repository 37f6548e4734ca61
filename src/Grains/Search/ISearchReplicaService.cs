using MarketMicro.Products;
using Orleans.Concurrency;
using Orleans.Services;

namespace MarketMicro.Grains.Search;

/// <summary>
/// A silo's own search replica, reachable from the other silos (one grain service per silo). One-way: a silo that is
/// down or starting misses the change, and its catch-up pass brings it back from the stored products.
/// </summary>
public interface ISearchReplicaService : IGrainService
{
    [OneWay]
    Task Apply(IReadOnlyList<ProductSnapshot> products);
}
