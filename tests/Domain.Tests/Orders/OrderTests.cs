using MarketMicro.Events;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Domain.Tests.Orders;

public sealed class OrderTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Lamp = Guid.NewGuid();
    private static readonly Guid Desk = Guid.NewGuid();

    [Fact]
    public void BeginMergesLinesPerProductAndShowsNothingWhilePlacing()
    {
        var order = new Order();
        order.Begin(Guid.NewGuid(), Request(new RequestedLine(Lamp, 1), new RequestedLine(Lamp, 2), new RequestedLine(Desk, 1)), Start, maxLines: 10);

        Assert.Equal(OrderStatus.Placing, order.Status);
        Assert.Equal(3, order.Requested.Single(line => line.ProductId == Lamp).Quantity);
        Assert.False(order.IsVisible);
        Assert.True(order.HasPendingWork);
        Assert.Empty(order.Outbox);
    }

    [Fact]
    public void AcceptFreezesThePricesTheProductsAnsweredAndRecordsOrderPlaced()
    {
        var order = Placed(out var placed);

        var line = Assert.Single(order.Lines);
        Assert.Equal(("Lamp", 19.99m, 2), (line.Name, line.UnitPrice, line.Quantity));
        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(1, order.Version);
        var snapshot = Assert.IsType<OrderPlaced>(placed).Order;
        Assert.Equal(39.98m, snapshot.Total);
        Assert.Same(placed, Assert.Single(order.Outbox));
    }

    [Fact]
    public void ACancellationOwesTheProductsTheirUnitsAndSaysFromWhere()
    {
        var order = Placed(out _);
        order.ChangeStatus(OrderStatus.Confirmed, Start.AddHours(1));

        var cancelled = Assert.IsType<OrderCancelled>(order.ChangeStatus(OrderStatus.Cancelled, Start.AddHours(2)));

        Assert.Equal(OrderStatus.Confirmed, cancelled.From);
        Assert.Equal(PendingStockWork.Release, order.StockWork);
        Assert.Equal([OrderStatus.Placed, OrderStatus.Confirmed, OrderStatus.Cancelled], order.History.Select(h => h.Status));
        Assert.Equal(3, order.Version);
    }

    [Fact]
    public void AShipmentSettlesTheSalesForAShippedOrderCanNoLongerBeCancelled()
    {
        var order = Placed(out _);
        order.ChangeStatus(OrderStatus.Confirmed, Start);
        Assert.Equal(PendingStockWork.None, order.StockWork);

        order.ChangeStatus(OrderStatus.Shipped, Start);

        Assert.Equal(PendingStockWork.Settle, order.StockWork);
    }

    [Fact]
    public void ADeliverySettlesTheSales()
    {
        var order = Placed(out _);
        order.ChangeStatus(OrderStatus.Confirmed, Start);
        order.ChangeStatus(OrderStatus.Shipped, Start);

        var delivered = Assert.IsType<OrderStatusChanged>(order.ChangeStatus(OrderStatus.Delivered, Start));

        Assert.Equal((OrderStatus.Shipped, OrderStatus.Delivered), (delivered.From, delivered.To));
        Assert.Equal(PendingStockWork.Settle, order.StockWork);
    }

    [Fact]
    public void AnIllegalMoveIsRefusedAndChangesNothing()
    {
        var order = Placed(out _);

        var refusal = Assert.Throws<ConflictException>(() => order.ChangeStatus(OrderStatus.Delivered, Start));

        Assert.Equal("An order that is placed cannot become delivered.", refusal.Message);
        Assert.Equal((OrderStatus.Placed, 1L, 1), (order.Status, order.Version, order.Outbox.Count));
    }

    [Fact]
    public void AnOrderThatIsPlacingOrRejectedDoesNotExistForStatusChanges()
    {
        var order = new Order();
        Assert.Throws<NotFoundException>(() => order.ChangeStatus(OrderStatus.Confirmed, Start));

        order.Begin(Guid.NewGuid(), Request(new RequestedLine(Lamp, 1)), Start, maxLines: 10);
        var refusal = order.Reject([Lamp]);

        Assert.Equal([Lamp.ToString()], refusal.Items);
        Assert.Throws<NotFoundException>(() => order.ChangeStatus(OrderStatus.Cancelled, Start));
        Assert.Equal(refusal.Items, order.ShortConflict().Items);
    }

    [Fact]
    public void ASnapshotSharesNoListWithTheOrder()
    {
        var order = Placed(out _);
        var snapshot = order.Snapshot();

        order.ChangeStatus(OrderStatus.Confirmed, Start.AddHours(1));

        Assert.Single(snapshot.History);
        Assert.Equal(OrderStatus.Placed, snapshot.Status);
        Assert.Equal(2, order.Snapshot().History.Count);
    }

    [Fact]
    public void PendingWorkLastsUntilTheUserListAndTheOutboxAreDone()
    {
        var order = Placed(out _);
        Assert.True(order.HasPendingWork);

        order.RecordedWithUser = true;
        Assert.True(order.HasPendingWork);

        order.Outbox.Clear();
        Assert.False(order.HasPendingWork);
    }

    [Fact]
    public void AStatusChangeAtAnotherVersionIsRefusedBeforeAnythingElse()
    {
        var order = Placed(out _);

        var stale = Assert.Throws<PreconditionFailedException>(() => order.ChangeStatus(OrderStatus.Confirmed, Start, expectedVersion: 0));

        Assert.Equal(1, stale.CurrentVersion);
        Assert.Equal(OrderStatus.Placed, order.Status);
        order.ChangeStatus(OrderStatus.Confirmed, Start, expectedVersion: 1);
    }

    private static Order Placed(out ShopEvent placed)
    {
        var order = new Order();
        order.Begin(Guid.NewGuid(), Request(new RequestedLine(Lamp, 2)), Start, maxLines: 10);
        placed = order.Accept([(order.Requested[0], new ReservationResult(true, 8, "Lamp", 19.99m, "USD"))], Start);
        return order;
    }

    private static PlaceOrder Request(params RequestedLine[] lines) => new(Guid.NewGuid(), lines, null, "buyer@example.com");
}
