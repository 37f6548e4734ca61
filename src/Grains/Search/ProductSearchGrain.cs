using MarketMicro.Search;
using Orleans.Concurrency;

namespace MarketMicro.Grains.Search;

[StatelessWorker]
public sealed class ProductSearchGrain(IProductSearchIndex index) : Grain, IProductSearchGrain
{
    public Task<ProductSearchResult> Search(ProductQuery query) => index.SearchAsync(query);

    public Task<IReadOnlyList<FacetCount>> Categories() => index.CategoriesAsync();
}
