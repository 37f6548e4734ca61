using MarketMicro.Products;

namespace MarketMicro.Grains.Tests.Admin;

public sealed class InventoryTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    private ShopCluster Shop => fixture.Shop;

    [Fact]
    public async Task ConcurrentDeltasSumExactly()
    {
        var id = await Shop.CreateProductAsync(stock: 1000);
        var product = Shop.Client.GetGrain<IProductGrain>(id);
        var deltas = Enumerable.Range(1, 200).Select(i => i % 3 == 0 ? -2 : 5).ToList();

        await Task.WhenAll(deltas.Select(delta => product.ChangeInventory(new InventoryChange(null, delta))));

        Assert.Equal(1000 + deltas.Sum(), (await Shop.ProductAsync(id)).OnHand);
    }

    [Fact]
    public async Task StockCannotBeSetBelowWhatOrdersHaveReserved()
    {
        var id = await Shop.CreateProductAsync(stock: 10);
        var product = Shop.Client.GetGrain<IProductGrain>(id);
        Assert.True((await product.Reserve(Guid.NewGuid(), 6)).Granted);

        await Assert.ThrowsAsync<ConflictException>(() => product.ChangeInventory(new InventoryChange(5, null)));
        await Assert.ThrowsAsync<ConflictException>(() => product.ChangeInventory(new InventoryChange(null, -5)));
        var atReserved = await product.ChangeInventory(new InventoryChange(6, null));

        Assert.Equal(6, atReserved.OnHand);
        Assert.Equal(0, atReserved.Available);
    }

    [Fact]
    public async Task StockNeverGoesBelowZeroAndExactlyOneOfStockOrDeltaIsRequired()
    {
        var id = await Shop.CreateProductAsync(stock: 3);
        var product = Shop.Client.GetGrain<IProductGrain>(id);

        await Assert.ThrowsAsync<ConflictException>(() => product.ChangeInventory(new InventoryChange(null, -4)));
        await Assert.ThrowsAsync<ValidationException>(() => product.ChangeInventory(new InventoryChange(-1, null)));
        await Assert.ThrowsAsync<ValidationException>(() => product.ChangeInventory(new InventoryChange(1, 1)));
        await Assert.ThrowsAsync<ValidationException>(() => product.ChangeInventory(new InventoryChange(null, null)));
        Assert.Equal(3, (await Shop.ProductAsync(id)).OnHand);
    }
}
