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
