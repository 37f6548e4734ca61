using MarketMicro.Carts;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;
using MarketMicro.TestSupport;

namespace MarketMicro.Grains.Tests.Orders;

/// <summary>
/// An order with nothing left to do leaves memory as soon as it is idle: a shop placing a thousand orders a second would
/// otherwise hold every order of the last quarter of an hour (the default collection age). It is read from its stored
/// row again when asked. Each test runs its own one-silo cluster, so its order is the only one.
/// </summary>
public sealed class SettledOrderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task APlacedOrderLeavesMemoryAndAnswersFromItsStoredRowAfterwards()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        var product = await shop.CreateProductAsync(stock: 5);
        var cart = shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(product, 2);

        var placed = (await cart.Checkout("key-1", null, "buyer@example.com")).Order;

        await Eventually.HoldsAsync(async () => await shop.ActivationsAsync<OrderGrain>() == 0, Patience, "the placed order leaving memory");
        var order = shop.Client.GetGrain<IOrderGrain>(placed.Id);
        var read = await order.Get();
        Assert.NotNull(read);
        Assert.Equal((placed.Status, placed.Version, placed.Total), (read.Status, read.Version, read.Total));
        Assert.Equal(placed.Id, (await cart.Checkout("key-1", null, "buyer@example.com")).Order.Id);
        Assert.Equal(3, (await shop.ProductAsync(product)).OnHand);
    }

    [Fact]
    public async Task AnOrderMovedOnByAnAdminLeavesAgainAndKeepsItsHistory()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        var product = await shop.CreateProductAsync(stock: 5);
        var orderId = await shop.PlaceOrderAsync(Guid.NewGuid(), product, 1);
        var order = shop.Client.GetGrain<IOrderGrain>(orderId);
        await Eventually.HoldsAsync(async () => await shop.ActivationsAsync<OrderGrain>() == 0, Patience, "the placed order leaving memory");

        await order.ChangeStatus(OrderStatus.Confirmed);
        await Eventually.HoldsAsync(async () => await shop.ActivationsAsync<OrderGrain>() == 0, Patience, "the confirmed order leaving memory");
        var cancelled = await order.Cancel();

        Assert.Equal([OrderStatus.Placed, OrderStatus.Confirmed, OrderStatus.Cancelled], cancelled.History.Select(h => h.Status));
        await Eventually.HoldsAsync(async () => await shop.ActivationsAsync<OrderGrain>() == 0, Patience, "the cancelled order leaving memory");
        Assert.Equal(OrderStatus.Cancelled, (await order.Get())!.Status);
        Assert.Equal(5, (await shop.ProductAsync(product)).OnHand);
    }

    [Fact]
    public async Task ARefusedOrderLeavesMemoryToo()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        var product = await shop.CreateProductAsync(stock: 1);
        var orderId = Guid.NewGuid();
        var order = shop.Client.GetGrain<IOrderGrain>(orderId);

        await Assert.ThrowsAsync<ConflictException>(() =>
            order.Place(new PlaceOrder(Guid.NewGuid(), [new RequestedLine(product, 2)], null, null)));

        await Eventually.HoldsAsync(async () => await shop.ActivationsAsync<OrderGrain>() == 0, Patience, "the refused order leaving memory");
        Assert.Equal(OrderStatus.Rejected, await order.GetStatus());
        Assert.Equal(1, (await shop.ProductAsync(product)).OnHand);
    }
}
