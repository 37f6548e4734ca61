using MarketMicro.Orders;
using MarketMicro.Events;
using MarketMicro.Products;

namespace MarketMicro.Grains.Orders;

/// <summary>Stock work an order still owes its products after a status change (done again after a crash).</summary>
public enum PendingStockWork
{
    None,
    Release,
    Settle,
}

/// <summary>
/// The order aggregate: its lines with the prices frozen at placement, its lifecycle and history, and the events each
/// step produces (recorded in <see cref="Outbox"/>, stored with the change). Plain C#: the saga's calls to products
/// are the grain's business; the aggregate decides what the answers mean.
/// </summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Orders.Order")]
public sealed class Order : IOwesWork
{
    [Id(0)] public Guid Id { get; set; }

    [Id(1)] public bool Exists { get; set; }

    [Id(2)] public OrderStatus Status { get; set; }

    [Id(3)] public Guid UserId { get; set; }

    [Id(4)] public string? CustomerEmail { get; set; }

    /// <summary>What the cart asked for: one line per product.</summary>
    [Id(5)] public List<RequestedLine> Requested { get; set; } = [];

    /// <summary>The lines with the names and prices frozen at placement.</summary>
    [Id(6)] public List<OrderLine> Lines { get; set; } = [];

    [Id(7)] public string Currency { get; set; } = Money.DefaultCurrency;

    [Id(8)] public string? ShippingAddress { get; set; }

    [Id(9)] public DateTime CreatedAt { get; set; }

    [Id(10)] public DateTime UpdatedAt { get; set; }

    [Id(11)] public List<StatusChange> History { get; set; } = [];

    [Id(12)] public long Version { get; set; }

    /// <summary>Events stored with the change that caused them, until published.</summary>
    [Id(13)] public List<ShopEvent> Outbox { get; set; } = [];

    /// <summary>The products that were short when placement was refused.</summary>
    [Id(14)] public List<Guid> ShortProducts { get; set; } = [];

    [Id(15)] public PendingStockWork StockWork { get; set; }

    /// <summary>
    /// Whether the user's order list holds this order yet. Set on acceptance: the buyer's cart lists the orders it
    /// places (<c>Cart.PlacedOrders</c>). Orders accepted before that (2026-12-05) record themselves with their user.
    /// </summary>
    [Id(16)] public bool RecordedWithUser { get; set; }

    /// <summary>
    /// Tracked by a recovery bucket (<see cref="IOrderRecoveryGrain"/>): orders stored before their rows were stamped
    /// with the work they owe; such an order is untracked once nothing is left.
    /// </summary>
    [Id(17)] public bool RecoveryReminderRegistered { get; set; }

    /// <summary>Placed and later: the order exists for its owner and the admins.</summary>
    public bool IsVisible => Exists && OrderStatuses.IsVisible(Status);

    /// <summary>Whatever a crash may have left undone: the saga, stock work, the user's list, unpublished events.</summary>
    public bool HasPendingWork =>
        Status == OrderStatus.Placing
        || Outbox.Count > 0
        || StockWork != PendingStockWork.None
        || (IsVisible && !RecordedWithUser);

    /// <summary>What a crash may have left undone is stamped on the stored row with every write (see <see cref="IOwesWork"/>).</summary>
    bool IOwesWork.OwesWork => HasPendingWork;

    /// <summary>
    /// Starts placing: the request is checked before any stock is touched, and stored then unless the caller holds it
    /// (a cart's pending checkout).
    /// </summary>
    public void Begin(Guid id, PlaceOrder request, DateTime now, int maxLines)
    {
        OrderRequestRules.Validate(request, maxLines);
        (Id, Exists, Status, UserId, CustomerEmail, ShippingAddress) =
            (id, true, OrderStatus.Placing, request.UserId, request.CustomerEmail, request.ShippingAddress);
        Requested = OrderRequestRules.MergeLines(request.Lines);
        (CreatedAt, UpdatedAt) = (now, now);
    }

    /// <summary>Every line was sold: the order is placed at the prices the products answered with.</summary>
    public ShopEvent Accept(IReadOnlyList<(RequestedLine Line, ReservationResult Reservation)> granted, DateTime now)
    {
        Lines = granted.Select(g => new OrderLine(g.Line.ProductId, g.Reservation.Name, g.Reservation.UnitPrice, g.Line.Quantity)).ToList();
        Currency = granted[0].Reservation.Currency;
        RecordedWithUser = true;
        return MoveTo(OrderStatus.Placed, now, at => new OrderPlaced(Guid.NewGuid(), at, Snapshot()));
    }

    /// <summary>Some products were short: the order never exists for anyone, and placing it again is refused alike.</summary>
    public ConflictException Reject(IReadOnlyList<Guid> shortProducts)
    {
        Status = OrderStatus.Rejected;
        ShortProducts = [.. shortProducts];
        return ShortConflict();
    }

    /// <summary>
    /// Moves along the lifecycle; a cancellation owes its products their units back. A shipped order can no longer be
    /// cancelled, so shipping settles its sales: a product then keeps open sales only for orders not yet shipped, instead
    /// of every undelivered one, and stores that much less with each sale. Delivery settles again (nothing left to do,
    /// unless the order shipped before shipping settled).
    /// </summary>
    public ShopEvent ChangeStatus(OrderStatus to, DateTime now, long? expectedVersion = null)
    {
        if (!IsVisible)
        {
            throw new NotFoundException($"Order {Id} does not exist.");
        }

        Versions.EnsureMatches(expectedVersion, Version, $"Order {Id}");

        var from = Status;
        if (!OrderStatuses.CanMove(from, to))
        {
            throw new ConflictException($"An order that is {OrderStatuses.Name(from)} cannot become {OrderStatuses.Name(to)}.");
        }

        StockWork = to switch
        {
            OrderStatus.Cancelled => PendingStockWork.Release,
            OrderStatus.Shipped or OrderStatus.Delivered => PendingStockWork.Settle,
            _ => PendingStockWork.None,
        };
        return MoveTo(to, now, at => to == OrderStatus.Cancelled
            ? new OrderCancelled(Guid.NewGuid(), at, Snapshot(), from)
            : new OrderStatusChanged(Guid.NewGuid(), at, Snapshot(), from, to));
    }

    public ConflictException ShortConflict() => OrderRequestRules.ShortConflict(ShortProducts);

    /// <summary>A copy for readers: its lists are not this state's lists, so later changes never show through.</summary>
    public OrderSnapshot Snapshot() => new(
        Id, UserId, Status, [.. Lines], Currency, ShippingAddress, CreatedAt, UpdatedAt, [.. History], Version, CustomerEmail);

    private ShopEvent MoveTo(OrderStatus status, DateTime now, Func<DateTime, ShopEvent> describe)
    {
        Status = status;
        History.Add(new StatusChange(status, now));
        UpdatedAt = now;
        Version++;
        var produced = describe(now);
        Outbox.Add(produced);
        return produced;
    }
}
