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

/// <summary>What a sort orders by; each search adapter maps these to its own fields.</summary>
public enum ProductSortField
{
    Score,
    Price,
    Name,
    CreatedAt,
    Id,
}

public readonly record struct ProductSortKey(ProductSortField Field, bool Descending);

/// <summary>The one home of the sort rules: the names clients use, the default, and the keys each sort orders by.</summary>
public static class ProductSorting
{
    private static readonly Dictionary<string, ProductSort> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = ProductSort.Relevance,
        ["price_asc"] = ProductSort.PriceAsc,
        ["price_desc"] = ProductSort.PriceDesc,
        ["newest"] = ProductSort.Newest,
        ["name"] = ProductSort.Name,
    };

    public static readonly string Names = string.Join(", ", ByName.Keys);

    /// <summary>Relevance when there is text to be relevant to, newest otherwise.</summary>
    public static ProductSort DefaultFor(string? text) => string.IsNullOrWhiteSpace(text) ? ProductSort.Newest : ProductSort.Relevance;

    /// <summary>Parses a sort name; no name means the default.</summary>
    public static bool TryParse(string? name, string? text, out ProductSort sort)
    {
        if (string.IsNullOrEmpty(name))
        {
            sort = DefaultFor(text);
            return true;
        }

        return ByName.TryGetValue(name, out sort);
    }

    /// <summary>
    /// The keys a query orders by, the product id last so that equal keys keep one stable order across pages and
    /// adapters. Relevance without text has nothing to score and falls back to newest.
    /// </summary>
    public static IReadOnlyList<ProductSortKey> KeysFor(ProductQuery query)
    {
        var primary = query.Sort switch
        {
            ProductSort.Relevance when !string.IsNullOrWhiteSpace(query.Text) => new ProductSortKey(ProductSortField.Score, Descending: true),
            ProductSort.PriceAsc => new ProductSortKey(ProductSortField.Price, Descending: false),
            ProductSort.PriceDesc => new ProductSortKey(ProductSortField.Price, Descending: true),
            ProductSort.Name => new ProductSortKey(ProductSortField.Name, Descending: false),
            _ => new ProductSortKey(ProductSortField.CreatedAt, Descending: true),
        };
        return [primary, new ProductSortKey(ProductSortField.Id, Descending: false)];
    }
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
    [property: Id(7)] int Take)
{
    /// <summary>
    /// Refuses a page past the result window (400) before any engine works on it: a deep page costs work for every
    /// hit before it, and Elasticsearch refuses it anyway.
    /// </summary>
    public void EnsureWithinResultWindow()
    {
        if (Skip < 0 || Take < 0 || (long)Skip + Take > PagingLimits.MaxResultWindow)
        {
            throw new ValidationException("page", $"A page may reach at most the first {PagingLimits.MaxResultWindow} results; narrow the query instead.");
        }
    }
}

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
