namespace MarketMicro.Orders;

/// <summary>
/// An order's place in its lifecycle. <see cref="Placing"/> and <see cref="Rejected"/> are internal to the
/// placement saga and never shown to customers.
/// </summary>
public enum OrderStatus
{
    Placing,
    Placed,
    Confirmed,
    Shipped,
    Delivered,
    Cancelled,
    Rejected,
}

/// <summary>
/// The one home of the status rules: which statuses exist for clients and under which names, which moves are
/// allowed, and which statuses count as revenue. Endpoints, grains, the ledger and its SQL all ask here.
/// </summary>
public static class OrderStatuses
{
    /// <summary>The statuses clients see and may name, in lifecycle order.</summary>
    public static readonly IReadOnlyList<OrderStatus> Visible =
        [OrderStatus.Placed, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled];

    /// <summary>Orders in these statuses count as revenue: they reached confirmed or later and were not cancelled.</summary>
    public static readonly IReadOnlyList<OrderStatus> Revenue = [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered];

    /// <summary>The documented names, for messages: "placed, confirmed, shipped, delivered, cancelled".</summary>
    public static readonly string VisibleNames = string.Join(", ", Visible.Select(Name));

    private static readonly Dictionary<string, OrderStatus> ByName = Visible.ToDictionary(Name, StringComparer.Ordinal);

    /// <summary>The name clients and the ledger use: lower case (<c>placed</c>, <c>confirmed</c>, ...).</summary>
    public static string Name(OrderStatus status) => status switch
    {
        OrderStatus.Placing => "placing",
        OrderStatus.Placed => "placed",
        OrderStatus.Confirmed => "confirmed",
        OrderStatus.Shipped => "shipped",
        OrderStatus.Delivered => "delivered",
        OrderStatus.Cancelled => "cancelled",
        OrderStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an order status."),
    };

    /// <summary>Parses exactly one documented name; numbers, combinations and the saga's internal statuses are refused.</summary>
    public static bool TryParseVisible(string? text, out OrderStatus status) =>
        ByName.TryGetValue(text ?? string.Empty, out status);

    /// <summary>Placing and rejected orders are internal to the saga: to everyone else they do not exist.</summary>
    public static bool IsVisible(OrderStatus status) => status is not (OrderStatus.Placing or OrderStatus.Rejected);

    public static bool CountsAsRevenue(OrderStatus status) => Revenue.Contains(status);

    /// <summary>placed → confirmed → shipped → delivered; placed/confirmed → cancelled.</summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Placed, OrderStatus.Confirmed) => true,
        (OrderStatus.Confirmed, OrderStatus.Shipped) => true,
        (OrderStatus.Shipped, OrderStatus.Delivered) => true,
        (OrderStatus.Placed or OrderStatus.Confirmed, OrderStatus.Cancelled) => true,
        _ => false,
    };
}
