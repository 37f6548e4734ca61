namespace MarketMicro.Products;

/// <summary>What an admin sends to create or update a product.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.ProductDraft")]
public sealed record ProductDraft(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal Price,
    [property: Id(3)] string Category,
    [property: Id(4)] int Stock,
    [property: Id(5)] string? ImageUrl,
    [property: Id(6)] string Currency = "USD");
