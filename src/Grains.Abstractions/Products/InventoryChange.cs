namespace MarketMicro.Products;

/// <summary>Sets the units on hand to an absolute value, or moves them by a delta; exactly one is given.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.InventoryChange")]
public sealed record InventoryChange([property: Id(0)] int? OnHand, [property: Id(1)] int? Delta);
