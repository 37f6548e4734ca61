using MarketMicro.Orders;

namespace MarketMicro.WebApi.Orders;

public sealed record OrderItemResponse(Guid ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record StatusChangeResponse(OrderStatus Status, DateTime At);

/// <summary>An order as the contract shows it; prices are those frozen at placement.</summary>
public sealed record OrderResponse(
    Guid Id,
    Guid UserId,
    OrderStatus Status,
    IReadOnlyList<OrderItemResponse> Items,
    decimal Total,
    string Currency,
    string? ShippingAddress,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<StatusChangeResponse> History)
{
    public static OrderResponse From(OrderSnapshot order) => new(
        order.Id,
        order.UserId,
        order.Status,
        order.Lines.Select(line => new OrderItemResponse(line.ProductId, line.Name, line.UnitPrice, line.Quantity, line.LineTotal)).ToList(),
        order.Total,
        order.Currency,
        order.ShippingAddress,
        Utc(order.CreatedAt),
        Utc(order.UpdatedAt),
        order.History.Select(change => new StatusChangeResponse(change.Status, Utc(change.At))).ToList());

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
