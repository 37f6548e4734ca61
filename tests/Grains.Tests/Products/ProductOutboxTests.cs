using MarketMicro.Grains.Events;
using MarketMicro.Products;
using MarketMicro.TestSupport;

namespace MarketMicro.Grains.Tests.Products;

public sealed class ProductOutboxTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private ShopCluster Shop => fixture.Shop;

    [Fact]
    public async Task AProductReadAfterItsActivationWasCollectedPublishesNothingAgain()
    {
        var id = await Shop.CreateProductAsync(stock: 3);
        await Eventually.HoldsAsync(
            () => Task.FromResult(ProductEventRecorderGrain.Received.TryGetValue(id, out var events) && events.Count == 1),
            TimeSpan.FromSeconds(10),
            "the creation event arriving");

        await Shop.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.NotNull(await Shop.Client.GetGrain<IProductGrain>(id).Get());
        await Shop.Client.GetGrain<IProductGrain>(id).ChangeInventory(new InventoryChange(null, 1));

        await Eventually.HoldsAsync(
            () => Task.FromResult(ProductEventRecorderGrain.Received[id].Count >= 2),
            TimeSpan.FromSeconds(10),
            "the stock change arriving");
        Assert.Equal(["product.changed", "stock.changed"], ProductEventRecorderGrain.Received[id].Select(e => e.Type));
    }

    [Fact]
    public async Task TheEventsOfManyProductsTravelOnTheirBucketsStreamsEachProductsOnOne()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 3 * EventStreams.Buckets).Select(_ => Shop.CreateProductAsync(stock: 2)));
        await Task.WhenAll(ids.Select(id => Shop.Client.GetGrain<IProductGrain>(id).ChangeInventory(new InventoryChange(null, 1))));

        await Eventually.HoldsAsync(
            () => Task.FromResult(ids.All(id => ProductEventRecorderGrain.Received.TryGetValue(id, out var events) && events.Count == 2)),
            TimeSpan.FromSeconds(20),
            "every product's two events arriving");
        foreach (var id in ids)
        {
            Assert.Equal([EventStreams.KeyOf(id)], ProductEventRecorderGrain.HeardBy[id].Distinct());
            Assert.Equal(["product.changed", "stock.changed"], ProductEventRecorderGrain.Received[id].Select(e => e.Type));
        }

        var consumers = ids.SelectMany(id => ProductEventRecorderGrain.HeardBy[id]).Distinct().ToList();
        Assert.InRange(consumers.Count, 2, EventStreams.Buckets);
    }
}
