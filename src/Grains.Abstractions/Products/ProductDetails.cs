namespace MarketMicro.Products;

/// <summary>What describes a product: everything an admin edits except its stock.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.ProductDetails")]
public sealed record ProductDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal Price,
    [property: Id(3)] string Category,
    [property: Id(4)] string? ImageUrl,
    [property: Id(5)] string Currency = Money.DefaultCurrency);

/// <summary>The limits of a product's fields, checked by the product aggregate and reused by the search filters.</summary>
public static class ProductLimits
{
    public const int MaxName = 200;
    public const int MaxDescription = 5000;
    public const int MaxCategory = 100;
    public const int MaxImageUrl = 2048;

    /// <summary>
    /// The most units one product may have on hand. Far above any real shelf, and low enough that units on hand
    /// plus every unit sold or reserved always fits a 32-bit counter.
    /// </summary>
    public const int MaxStock = 1_000_000_000;
}
