namespace MarketMicro.Products;

/// <summary>Set the stock to an absolute value, or move it by a delta; exactly one is given.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.InventoryChange")]
public sealed record InventoryChange([property: Id(0)] int? Stock, [property: Id(1)] int? Delta);
