namespace MarketMicro.Orders;

[GenerateSerializer, Immutable, Alias("MarketMicro.Orders.OrderLine")]
public sealed record OrderLine(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal UnitPrice,
    [property: Id(3)] int Quantity)
{
    public decimal LineTotal => UnitPrice * Quantity;
}

[GenerateSerializer, Immutable, Alias("MarketMicro.Orders.StatusChange")]
public sealed record StatusChange([property: Id(0)] OrderStatus Status, [property: Id(1)] DateTime At);

/// <summary>An order as it stands; <see cref="Version"/> grows with every change (projections keep the newest).</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Orders.OrderSnapshot")]
public sealed record OrderSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] OrderStatus Status,
    [property: Id(3)] IReadOnlyList<OrderLine> Lines,
    [property: Id(4)] string Currency,
    [property: Id(5)] string? ShippingAddress,
    [property: Id(6)] DateTime CreatedAt,
    [property: Id(7)] DateTime UpdatedAt,
    [property: Id(8)] IReadOnlyList<StatusChange> History,
    [property: Id(9)] long Version,
    [property: Id(10)] string? CustomerEmail)
{
    public decimal Total => Lines.Sum(line => line.LineTotal);

    public int ItemCount => Lines.Sum(line => line.Quantity);
}
