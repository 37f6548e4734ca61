namespace MarketMicro.Carts;

[GenerateSerializer, Immutable, Alias("MarketMicro.Carts.CartLineView")]
public sealed record CartLineView(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal UnitPrice,
    [property: Id(3)] int Quantity)
{
    public decimal LineTotal => UnitPrice * Quantity;
}

/// <summary>Something the cart changed on its own, told once: a product that was deleted left the cart.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Carts.CartNotice")]
public sealed record CartNotice([property: Id(0)] Guid ProductId, [property: Id(1)] string Message);

/// <summary>The cart with the products' current names and prices, and what it removed since it was last shown.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Carts.CartView")]
public sealed record CartView(
    [property: Id(0)] IReadOnlyList<CartLineView> Items,
    [property: Id(1)] string Currency,
    [property: Id(2)] IReadOnlyList<CartNotice> Notices)
{
    public int TotalQuantity => Items.Sum(item => item.Quantity);

    public decimal Subtotal => Items.Sum(item => item.LineTotal);
}
