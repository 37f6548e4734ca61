using MarketMicro.Carts;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;

namespace MarketMicro.Grains.Tests.Orders;

public sealed class OrderLifecycleTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private ShopCluster Shop => fixture.Shop;

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
