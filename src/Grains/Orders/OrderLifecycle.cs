using MarketMicro.Orders;

namespace MarketMicro.Grains.Orders;

/// <summary>The order status rules: placed → confirmed → shipped → delivered; placed/confirmed → cancelled.</summary>
public static class OrderLifecycle
{
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Placed, OrderStatus.Confirmed) => true,
        (OrderStatus.Confirmed, OrderStatus.Shipped) => true,
        (OrderStatus.Shipped, OrderStatus.Delivered) => true,
        (OrderStatus.Placed or OrderStatus.Confirmed, OrderStatus.Cancelled) => true,
        _ => false,
    };

    /// <summary>Placing and rejected orders are internal to the saga: to everyone else they do not exist.</summary>
    public static bool IsVisible(OrderStatus status) => status is not (OrderStatus.Placing or OrderStatus.Rejected);

    /// <summary>Statuses an admin may set through <c>PUT /orders/{id}/status</c>.</summary>
    public static bool IsPublic(OrderStatus status) => IsVisible(status);

    public static void EnsureCanMove(OrderStatus from, OrderStatus to)
    {
        if (!CanMove(from, to))
        {
            throw new ConflictException($"An order that is {Name(from)} cannot become {Name(to)}.");
        }
    }

    public static string Name(OrderStatus status) => status.ToString().ToLowerInvariant();
}
