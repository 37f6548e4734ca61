using MarketMicro.Events;
using MarketMicro.Orders;

namespace MarketMicro.Grains.Orders;

/// <summary>Stock work an order still owes its products after a status change (done again after a crash).</summary>
public enum PendingStockWork
{
    None,
    Release,
    Settle,
}

[GenerateSerializer, Alias("MarketMicro.Grains.Orders.OrderState")]
public sealed class OrderState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public OrderStatus Status { get; set; }

    [Id(2)] public Guid UserId { get; set; }

    [Id(3)] public string? CustomerEmail { get; set; }

    [Id(4)] public List<RequestedLine> Requested { get; set; } = [];

    /// <summary>The lines with the names and prices frozen at placement.</summary>
    [Id(5)] public List<OrderLine> Lines { get; set; } = [];

    [Id(6)] public string Currency { get; set; } = "USD";

    [Id(7)] public string? ShippingAddress { get; set; }

    [Id(8)] public DateTime CreatedAt { get; set; }

    [Id(9)] public DateTime UpdatedAt { get; set; }

    [Id(10)] public List<StatusChange> History { get; set; } = [];

    [Id(11)] public long Version { get; set; }

    /// <summary>Events stored with the change that caused them and not yet published.</summary>
    [Id(12)] public List<ShopEvent> Outbox { get; set; } = [];

    /// <summary>The products that were short when placement was refused.</summary>
    [Id(13)] public List<Guid> ShortProducts { get; set; } = [];

    [Id(14)] public PendingStockWork StockWork { get; set; }

    [Id(15)] public bool RecordedWithUser { get; set; }

    [Id(16)] public bool RecoveryReminderRegistered { get; set; }

    public bool HasPendingWork =>
        Status == OrderStatus.Placing
        || Outbox.Count > 0
        || StockWork != PendingStockWork.None
        || (OrderLifecycle.IsVisible(Status) && !RecordedWithUser);
}
