using MarketMicro.Carts;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;

namespace MarketMicro.Grains.Tests.Orders;

public sealed class OrderLifecycleTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private ShopCluster Shop => fixture.Shop;

    public static TheoryData<OrderStatus, OrderStatus> Allowed => new()
    {
        { OrderStatus.Placed, OrderStatus.Confirmed },
        { OrderStatus.Confirmed, OrderStatus.Shipped },
        { OrderStatus.Shipped, OrderStatus.Delivered },
        { OrderStatus.Placed, OrderStatus.Cancelled },
        { OrderStatus.Confirmed, OrderStatus.Cancelled },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void LegalTransitionsAreAllowed(OrderStatus from, OrderStatus to) => Assert.True(OrderStatuses.CanMove(from, to));

    [Fact]
    public void EveryOtherTransitionIsRefused()
    {
        var allowed = Allowed.Select(row => ((OrderStatus)row[0], (OrderStatus)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>().Where(to => !allowed.Contains((from, to))))
            {
                Assert.False(OrderStatuses.CanMove(from, to), $"{from} -> {to} must be refused");
            }
        }
    }

    [Fact]
    public async Task CancellingReturnsTheStockAndRecordsHistory()
    {
        var product = await Shop.CreateProductAsync(stock: 4);
        var order = await PlaceAsync(product, 3);
        Assert.Equal(1, (await Shop.ProductAsync(product)).OnHand);

        var cancelled = await Shop.Client.GetGrain<IOrderGrain>(order.Id).Cancel();

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal([OrderStatus.Placed, OrderStatus.Cancelled], cancelled.History.Select(h => h.Status));
        Assert.Equal(4, (await Shop.ProductAsync(product)).OnHand);
    }

    [Fact]
    public async Task OrdersMoveThroughTheWholeLifecycleAndRefuseIllegalSteps()
    {
        var product = await Shop.CreateProductAsync(stock: 4);
        var order = Shop.Client.GetGrain<IOrderGrain>((await PlaceAsync(product, 1)).Id);

        await Assert.ThrowsAsync<ConflictException>(() => order.ChangeStatus(OrderStatus.Shipped));
        await order.ChangeStatus(OrderStatus.Confirmed);
        await order.ChangeStatus(OrderStatus.Shipped);
        await Assert.ThrowsAsync<ConflictException>(() => order.Cancel());
        var delivered = await order.ChangeStatus(OrderStatus.Delivered);
        await Assert.ThrowsAsync<ConflictException>(() => order.ChangeStatus(OrderStatus.Placed));

        Assert.Equal(OrderStatus.Delivered, delivered.Status);
        Assert.Equal(4, delivered.History.Count);
        Assert.Equal(3, (await Shop.ProductAsync(product)).OnHand);
    }

    private async Task<OrderSnapshot> PlaceAsync(Guid product, int quantity)
    {
        var cart = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(product, quantity);
        return (await cart.Checkout(null, null, null)).Order;
    }
}
