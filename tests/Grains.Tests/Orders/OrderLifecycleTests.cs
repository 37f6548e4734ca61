using MarketMicro.Carts;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;
using MarketMicro.Products;

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

    [Fact]
    public async Task ShippingSettlesTheSaleSoTheProductNoLongerHoldsItAndDeliveryChangesNothingMore()
    {
        var productId = await Shop.CreateProductAsync(stock: 4);
        var product = Shop.Client.GetGrain<IProductGrain>(productId);
        var orderId = (await PlaceAsync(productId, 1)).Id;
        var order = Shop.Client.GetGrain<IOrderGrain>(orderId);
        await order.ChangeStatus(OrderStatus.Confirmed);
        Assert.Equal(1, (await product.Audit())!.OpenSales[orderId]);

        await order.ChangeStatus(OrderStatus.Shipped);
        var shipped = (await product.Audit())!;
        await order.ChangeStatus(OrderStatus.Delivered);
        var delivered = (await product.Audit())!;

        Assert.Empty(shipped.OpenSales);
        Assert.Equal((3, 4L), (shipped.OnHand, shipped.Received));
        Assert.Equal((shipped.Version, shipped.OnHand, shipped.Received), (delivered.Version, delivered.OnHand, delivered.Received));
        Assert.Empty(delivered.OpenSales);
    }

    private async Task<OrderSnapshot> PlaceAsync(Guid product, int quantity)
    {
        var cart = Shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(product, quantity);
        return (await cart.Checkout(null, null, null)).Order;
    }
}
