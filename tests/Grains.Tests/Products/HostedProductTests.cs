using MarketMicro.Carts;
using MarketMicro.Grains.Products;
using MarketMicro.Products;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.Grains.Tests.Products;

/// <summary>
/// A cart decides from the product as its grain holds it, without a call, when that grain is active on the cart's silo
/// (<see cref="ProductSnapshotCache.TryGetHosted"/>): every change must reach that entry, and the entry must leave with
/// the activation.
/// </summary>
public sealed class HostedProductTests(ShopClusterFixture fixture) : IClassFixture<ShopClusterFixture>
{
    [Fact]
    public async Task OnTheProductsSiloABuyerWhoComesAfterTheLastUnitSoldIsRefusedAtOnce()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        var product = await shop.CreateProductAsync(stock: 2);
        var first = shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        var second = shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await first.Add(product, 2);
        await second.Add(product, 1);

        await first.Checkout(null, null, null);

        await Assert.ThrowsAsync<ConflictException>(() => second.Add(product, 1));
        await Assert.ThrowsAsync<ConflictException>(() => second.Checkout(null, null, null));
        Assert.Equal(0, (await shop.ProductAsync(product)).OnHand);
        Assert.Equal([product], (await second.Get()).Items.Select(item => item.ProductId));
    }

    [Fact]
    public async Task OnTheProductsSiloADeletedProductCannotBeAddedOrBought()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        var product = await shop.CreateProductAsync(stock: 5);
        var cart = shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(product, 1);

        await shop.Client.GetGrain<IProductGrain>(product).Delete();

        await Assert.ThrowsAsync<NotFoundException>(() => cart.Add(product, 1));
        await Assert.ThrowsAsync<ValidationException>(() => cart.Checkout(null, null, null));
        Assert.Empty((await cart.Get()).Items);
    }

    [Fact]
    public async Task TheProductsEntryLeavesItsSiloWithItsActivation()
    {
        var shop = fixture.Shop;
        var product = await shop.CreateProductAsync(stock: 3);
        Assert.Single(Caches(shop), cache => cache.TryGetHosted(product, out var hosted) && hosted.Available == 3);

        await shop.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        await Eventually.HoldsAsync(
            () => Task.FromResult(Caches(shop).All(cache => !cache.TryGetHosted(product, out _))),
            TimeSpan.FromSeconds(10),
            "the product's activation, and with it its entry, leaving");
    }

    private static IEnumerable<ProductSnapshotCache> Caches(ShopCluster shop) =>
        shop.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<ProductSnapshotCache>());
}
