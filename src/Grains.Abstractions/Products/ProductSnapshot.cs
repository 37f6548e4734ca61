namespace MarketMicro.Products;

/// <summary>A product as readers see it. <see cref="Available"/> is stock minus active reservations.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.ProductSnapshot")]
public sealed record ProductSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] decimal Price,
    [property: Id(4)] string Currency,
    [property: Id(5)] string Category,
    [property: Id(6)] int Stock,
    [property: Id(7)] int Reserved,
    [property: Id(8)] string? ImageUrl,
    [property: Id(9)] DateTime CreatedAt,
    [property: Id(10)] DateTime UpdatedAt,
    [property: Id(11)] bool Deleted,
    [property: Id(12)] long Version)
{
    public int Available => Math.Max(0, Stock - Reserved);

    public bool InStock => !Deleted && Available > 0;
}
