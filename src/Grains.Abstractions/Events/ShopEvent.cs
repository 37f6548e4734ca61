using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Events;

/// <summary>
/// Every event the shop publishes. <see cref="Id"/> is unique per event (consumers deduplicate by it);
/// <see cref="Type"/> is the routing name plain AMQP consumers see (<c>order.placed</c>, ...).
/// </summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Events.ShopEvent")]
public abstract record ShopEvent([property: Id(0)] Guid Id, [property: Id(1)] DateTime OccurredAt)
{
    public abstract string Type { get; }
}

/// <summary>Base of the order events: each carries the order as it stands after the change (newest version wins).</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Events.OrderEvent")]
public abstract record OrderEvent(Guid Id, DateTime OccurredAt, [property: Id(0)] OrderSnapshot Order) : ShopEvent(Id, OccurredAt);

[GenerateSerializer, Immutable, Alias("MarketMicro.Events.OrderPlaced")]
public sealed record OrderPlaced(Guid Id, DateTime OccurredAt, OrderSnapshot Order) : OrderEvent(Id, OccurredAt, Order)
{
    public override string Type => "order.placed";
}

[GenerateSerializer, Immutable, Alias("MarketMicro.Events.OrderStatusChanged")]
public sealed record OrderStatusChanged(
    Guid Id, DateTime OccurredAt, OrderSnapshot Order,
    [property: Id(0)] OrderStatus From,
    [property: Id(1)] OrderStatus To) : OrderEvent(Id, OccurredAt, Order)
{
    public override string Type => "order.status-changed";
}

[GenerateSerializer, Immutable, Alias("MarketMicro.Events.OrderCancelled")]
public sealed record OrderCancelled(Guid Id, DateTime OccurredAt, OrderSnapshot Order, [property: Id(0)] OrderStatus From)
    : OrderEvent(Id, OccurredAt, Order)
{
    public override string Type => "order.cancelled";
}

/// <summary>A product was created or its details, price or stock changed.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Events.ProductChanged")]
public sealed record ProductChanged(Guid Id, DateTime OccurredAt, [property: Id(0)] ProductSnapshot Product) : ShopEvent(Id, OccurredAt)
{
    public override string Type => "product.changed";
}

[GenerateSerializer, Immutable, Alias("MarketMicro.Events.ProductDeleted")]
public sealed record ProductDeleted(Guid Id, DateTime OccurredAt, [property: Id(0)] Guid ProductId, [property: Id(1)] long Version)
    : ShopEvent(Id, OccurredAt)
{
    public override string Type => "product.deleted";
}

[GenerateSerializer, Immutable, Alias("MarketMicro.Events.StockChanged")]
public sealed record StockChanged(Guid Id, DateTime OccurredAt, [property: Id(0)] ProductSnapshot Product) : ShopEvent(Id, OccurredAt)
{
    public override string Type => "stock.changed";
}
