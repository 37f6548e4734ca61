using MarketMicro.Carts;
using MarketMicro.Grains.Ledger;
using MarketMicro.Ledger;
using MarketMicro.Orders;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.Grains.Tests.Orders;

public sealed class OrderLedgerProjectionTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private ShopCluster Shop => fixture.Shop;

    [Fact]
    public async Task EveryOrderEventReachesTheLedgerAndTheNewestStatusWins()
    {
        var product = await Shop.CreateProductAsync(stock: 10, price: 12.50m);
        var userId = Guid.NewGuid();
        var cart = Shop.Client.GetGrain<ICartGrain>(userId);
        await cart.Add(product, 3);
        var (placed, _) = await cart.Checkout(null, null, "buyer@example.com");
        var order = Shop.Client.GetGrain<IOrderGrain>(placed.Id);
        await order.ChangeStatus(OrderStatus.Confirmed);
        await order.ChangeStatus(OrderStatus.Shipped);

        var reader = Shop.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOrderLedgerReader>();
        var filter = new LedgerOrderFilter(null, userId, null, null, null, 1, 10);
        var page = await Eventually.ReturnsAsync(
            () => reader.ListOrdersAsync(filter),
            listed => listed.Items is [{ Status: OrderStatus.Shipped }],
            TimeSpan.FromSeconds(20),
            "the shipped order reaching the ledger");

        var row = Assert.Single(page.Items);
        Assert.Equal(OrderStatus.Shipped, row.Status);
        Assert.Equal(37.50m, row.Total);
        Assert.Equal("buyer@example.com", row.CustomerEmail);
        Assert.Equal(37.50m, page.Revenue);
    }
}
