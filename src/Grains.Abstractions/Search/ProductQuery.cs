using MarketMicro.Products;

namespace MarketMicro.Search;

public enum ProductSort
{
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
    Name,
}

/// <summary>A catalog search: full text (typo tolerant), filters, sort and paging; facets cover the whole match.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Search.ProductQuery")]
public sealed record ProductQuery(
    [property: Id(0)] string? Text,
    [property: Id(1)] string? Category,
    [property: Id(2)] decimal? MinPrice,
    [property: Id(3)] decimal? MaxPrice,
    [property: Id(4)] bool? InStock,
    [property: Id(5)] ProductSort Sort,
    [property: Id(6)] int Skip,
    [property: Id(7)] int Take);

[GenerateSerializer, Immutable, Alias("MarketMicro.Search.FacetCount")]
public sealed record FacetCount([property: Id(0)] string Value, [property: Id(1)] int Count);

[GenerateSerializer, Immutable, Alias("MarketMicro.Search.PriceRangeCount")]
public sealed record PriceRangeCount([property: Id(0)] decimal? From, [property: Id(1)] decimal? To, [property: Id(2)] int Count);

[GenerateSerializer, Immutable, Alias("MarketMicro.Search.ProductFacets")]
public sealed record ProductFacets(
    [property: Id(0)] IReadOnlyList<FacetCount> Categories,
    [property: Id(1)] IReadOnlyList<PriceRangeCount> PriceRanges);

[GenerateSerializer, Immutable, Alias("MarketMicro.Search.ProductSearchResult")]
public sealed record ProductSearchResult(
    [property: Id(0)] IReadOnlyList<ProductSnapshot> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] ProductFacets Facets);

/// <summary>The fixed price buckets of the price facet: [from, to).</summary>
public static class PriceBuckets
{
    public static readonly IReadOnlyList<(decimal? From, decimal? To)> All =
        [(null, 25m), (25m, 50m), (50m, 100m), (100m, 250m), (250m, null)];

    public static int IndexOf(decimal price)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if ((All[i].From is null || price >= All[i].From) && (All[i].To is null || price < All[i].To))
            {
                return i;
            }
        }

        return All.Count - 1;
    }
}

/// <summary>Answers catalog searches from the search index (a derived view, never the truth).</summary>
public interface IProductSearchGrain : IGrainWithIntegerKey
{
    Task<ProductSearchResult> Search(ProductQuery query);

    /// <summary>Every category with how many (non-deleted) products it has.</summary>
    Task<IReadOnlyList<FacetCount>> Categories();
}
