using MarketMicro.Products;

namespace MarketMicro.Grains.Search;

/// <summary>
/// Where the indexer grains apply the catalog events they hear. An index every silo shares takes them as they come;
/// with a search replica per silo, every active silo's replica must get each one, whichever silo heard it.
/// </summary>
public interface ISearchIndexFeed
{
    /// <summary>Applies one product version (a deleted version removes the product); the newest version wins everywhere.</summary>
    Task ApplyAsync(ProductSnapshot product);
}
