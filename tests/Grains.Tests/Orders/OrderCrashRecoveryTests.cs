using MarketMicro.Carts;
using MarketMicro.Events;
using MarketMicro.Grains.Orders;
using MarketMicro.Orders;
using MarketMicro.Silo.Projections;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using MarketMicro.Users;

namespace MarketMicro.Grains.Tests.Orders;

/// <summary>
/// Kills the silo while an order is being placed, starts a new one on the same database, and checks that the
/// durable recovery reminder finishes the work without anyone touching the order.
/// </summary>
public sealed class OrderCrashRecoveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(SagaSteps.Reserved, DatabaseKind.Sqlite)]
    [InlineData(SagaSteps.Committed, DatabaseKind.Sqlite)]
    [InlineData(SagaSteps.Reserved, DatabaseKind.MySql)]
    [InlineData(SagaSteps.Committed, DatabaseKind.MySql)]
    public async Task SiloKilledMidPlacementLeavesTheOrderPlacedWithItsStockAfterRecovery(string step, DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        var serviceId = Guid.NewGuid().ToString("N");
        Guid productId, orderId;
        await using (var doomed = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            productId = await doomed.CreateProductAsync(stock: 5);
            (orderId, _) = await HoldCheckoutAtAsync(doomed, Guid.NewGuid(), productId, 2, step);
            await doomed.Cluster.KillSiloAsync(doomed.Cluster.Silos[0]);
        }

        await using var recovered = await ShopCluster.StartOnAsync(storage, serviceId);
        var order = recovered.Client.GetGrain<IOrderGrain>(orderId);
        await Eventually(async () => await order.Get() is { Status: OrderStatus.Placed });

        var product = await recovered.ProductAsync(productId);
        Assert.Equal(3, product.OnHand);
        Assert.Equal(0, product.Reserved);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task EventsStoredButNotPublishedBeforeACrashArePublishedAfterRestartWithoutTouchingTheOrder(DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        var serviceId = Guid.NewGuid().ToString("N");
        Guid orderId;
        await using (var doomed = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            var product = await doomed.CreateProductAsync(stock: 5);
            (orderId, _) = await HoldCheckoutAtAsync(doomed, Guid.NewGuid(), product, 1, SagaSteps.Stored);
            await doomed.Cluster.KillSiloAsync(doomed.Cluster.Silos[0]);
        }

        Assert.False(OrderEventRecorderGrain.Received.ContainsKey(orderId));
        await using var recovered = await ShopCluster.StartOnAsync(storage, serviceId);

        await Eventually(() => Task.FromResult(OrderEventRecorderGrain.Received.TryGetValue(orderId, out var events)
            && events.Any(e => e is OrderPlaced)));
    }

    [Fact]
    public async Task TheBuyersListHoldsTheOrderOnceItIsStoredAndStillOnceAfterACrashThere()
    {
        await using var storage = await TestStorage.CreateAsync(DatabaseKind.Sqlite);
        var serviceId = Guid.NewGuid().ToString("N");
        var userId = Guid.NewGuid();
        Guid orderId;
        await using (var doomed = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            var product = await doomed.CreateProductAsync(stock: 5);
            (orderId, _) = await HoldCheckoutAtAsync(doomed, userId, product, 1, SagaSteps.Stored);

            // The list was told while the order was being stored, not after: the buyer's answer waits for one write fewer.
            Assert.Equal([orderId], (await doomed.Client.GetGrain<IUserGrain>(userId).ListOrders(0, 10)).OrderIds);
            await doomed.Cluster.KillSiloAsync(doomed.Cluster.Silos[0]);
        }

        await using var recovered = await ShopCluster.StartOnAsync(storage, serviceId);
        await Eventually(async () => await recovered.Client.GetGrain<IOrderGrain>(orderId).Get() is { Status: OrderStatus.Placed });
        Assert.Equal([orderId], (await recovered.Client.GetGrain<IUserGrain>(userId).ListOrders(0, 10)).OrderIds);
    }

    /// <summary>
    /// A cart's order stores nothing before it sells: killed mid-placement, the only stored trace is the cart's pending
    /// checkout, stamped as owing work, and the sweep has the cart finish it without anyone touching cart or order.
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task KilledMidPlacementTheCartsPendingCheckoutIsTheOnlyStoredTraceAndTheSweepHasTheCartFinishIt(DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        var serviceId = Guid.NewGuid().ToString("N");
        var stored = new StoredStateChanges(storage.Database, serviceId);
        var userId = Guid.NewGuid();
        Guid productId, orderId;
        await using (var doomed = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            productId = await doomed.CreateProductAsync(stock: 5);
            (orderId, _) = await HoldCheckoutAtAsync(doomed, userId, productId, 2, SagaSteps.Reserved);

            Assert.Equal([userId], await stored.ReadOwingAsync(StateNames.Cart, TimeSpan.Zero, 10));
            Assert.Empty(await stored.ReadOwingAsync(StateNames.Order, TimeSpan.Zero, 10));
            Assert.Equal(3, (await doomed.ProductAsync(productId)).OnHand);
            await doomed.Cluster.KillSiloAsync(doomed.Cluster.Silos[0]);
        }

        await using var recovered = await ShopCluster.StartOnAsync(storage, serviceId);
        await Eventually(async () => (await stored.ReadOwingAsync(StateNames.Cart, TimeSpan.Zero, 10)).Count == 0);
        Assert.Equal(OrderStatus.Placed, (await recovered.Client.GetGrain<IOrderGrain>(orderId).Get())?.Status);
        Assert.Equal(3, (await recovered.ProductAsync(productId)).OnHand);
        Assert.Empty((await recovered.Client.GetGrain<ICartGrain>(userId).Get()).Items);
        Assert.Equal([orderId], await recovered.Client.GetGrain<ICartGrain>(userId).PlacedOrders());
    }

    /// <summary>
    /// The buyer's list is the cart's: an order still being placed is not in it, and after a crash that order is listed
    /// once recovery has placed it, though its cart still holds the checkout as pending (nobody touched the cart).
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task AnOrderStillBeingPlacedIsNotListedAndIsListedOnceRecoveryHasPlacedIt(DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        var serviceId = Guid.NewGuid().ToString("N");
        var userId = Guid.NewGuid();
        Guid orderId;
        await using (var doomed = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            var product = await doomed.CreateProductAsync(stock: 5);
            (orderId, _) = await HoldCheckoutAtAsync(doomed, userId, product, 1, SagaSteps.Reserved);

            var whilePlacing = await doomed.Client.GetGrain<IUserGrain>(userId).ListOrders(0, 10);
            Assert.Empty(whilePlacing.OrderIds);
            Assert.Equal(0, whilePlacing.Total);
            await doomed.Cluster.KillSiloAsync(doomed.Cluster.Silos[0]);
        }

        await using var recovered = await ShopCluster.StartOnAsync(storage, serviceId);
        await Eventually(async () => await recovered.Client.GetGrain<IOrderGrain>(orderId).Get() is { Status: OrderStatus.Placed });
        var listed = await recovered.Client.GetGrain<IUserGrain>(userId).ListOrders(0, 10);
        Assert.Equal([orderId], listed.OrderIds);
        Assert.Equal(1, listed.Total);

        // Touched again, the cart completes that checkout: the order stays listed once, and the cart is empty.
        Assert.Empty((await recovered.Client.GetGrain<ICartGrain>(userId).Get()).Items);
        Assert.Equal([orderId], (await recovered.Client.GetGrain<IUserGrain>(userId).ListOrders(0, 10)).OrderIds);
    }

    [Fact]
    public async Task KillingTheSiloThatRunsThePlacementLetsTheSurvivingSiloFinishIt()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 2);
        var productId = await shop.CreateProductAsync(stock: 5);
        var (orderId, siloName) = await HoldCheckoutAtAsync(shop, Guid.NewGuid(), productId, 2, SagaSteps.Reserved);

        await shop.Cluster.KillSiloAsync(shop.Cluster.Silos.Single(silo => silo.Name == siloName));

        var order = shop.Client.GetGrain<IOrderGrain>(orderId);
        await Eventually(async () => await order.Get() is { Status: OrderStatus.Placed });
        var product = await shop.ProductAsync(productId);
        Assert.Equal(3, product.OnHand);
        Assert.Equal(0, product.Reserved);
    }

    /// <summary>Has <paramref name="buyer"/>'s cart check out <paramref name="quantity"/> of a product and holds its order at <paramref name="step"/>.</summary>
    private static async Task<(Guid OrderId, string SiloName)> HoldCheckoutAtAsync(ShopCluster shop, Guid buyer, Guid productId, int quantity, string step)
    {
        var cart = shop.Client.GetGrain<ICartGrain>(buyer);
        await cart.Add(productId, quantity);
        var hold = shop.Probes.HoldAt(step);
        _ = cart.Checkout(null, null, null);
        return await hold.Reached.WaitAsync(Patience);
    }

    private static Task Eventually(Func<Task<bool>> condition) =>
        TestSupport.Eventually.HoldsAsync(condition, Patience, "the recovery reminder finishing the work");
}
