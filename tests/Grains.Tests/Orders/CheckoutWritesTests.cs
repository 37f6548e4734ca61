using Dapper;
using MarketMicro.Carts;
using MarketMicro.Orders;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.Grains.Tests.Orders;

/// <summary>
/// What a checkout costs the store, counted from the rows themselves (every write of a grain state moves its row's
/// version by one, and a new row starts at one), and what happens to the writes nobody waits for when the silo dies.
/// </summary>
public sealed class CheckoutWritesTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task AThreeLineCheckoutCostsSevenGrainStateWrites(DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        await using var shop = await ShopCluster.StartOnAsync(storage, Guid.NewGuid().ToString("N"));
        var products = new[] { await shop.CreateProductAsync(stock: 5), await shop.CreateProductAsync(stock: 5), await shop.CreateProductAsync(stock: 5) };
        var cart = shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        foreach (var product in products)
        {
            await cart.Add(product, 1);
        }

        var before = await SettledWriteCountAsync(shop);
        var placed = await cart.Checkout("key-1", null, "buyer@example.com");
        var after = await SettledWriteCountAsync(shop);

        Assert.True(placed.Created);
        // Cart: the checkout begun (its row stamped as owing work: the request's one stored copy), then completed (which
        // also lists the order for the buyer: no write of the user's state any more). Order: placed (its first write:
        // it stores nothing before it sells) and the record that its follow-up work is done (the first is stamped as
        // owing work, the second clears the stamp: no recovery bucket write any more). One sale per product.
        Assert.Equal(2 + 2 + products.Length, after - before);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task ACheckoutOfASoldOutProductIsRefusedWithoutAnyGrainStateWrite(DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        await using var shop = await ShopCluster.StartOnAsync(storage, Guid.NewGuid().ToString("N"));
        var (plenty, scarce) = (await shop.CreateProductAsync(stock: 5), await shop.CreateProductAsync(stock: 1));
        var cart = shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await cart.Add(plenty, 2);
        await cart.Add(scarce, 1);
        var rival = shop.Client.GetGrain<ICartGrain>(Guid.NewGuid());
        await rival.Add(scarce, 1);
        await rival.Checkout(null, null, null);

        var before = await SettledWriteCountAsync(shop);
        var refusal = await Assert.ThrowsAsync<ConflictException>(() => cart.Checkout("key-1", null, null));
        var after = await SettledWriteCountAsync(shop);

        Assert.Equal([scarce.ToString()], refusal.Items);
        Assert.Equal(before, after);
        Assert.Equal(2, (await cart.Get()).Items.Count);
        Assert.Equal(5, (await shop.ProductAsync(plenty)).OnHand);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task ACheckoutAnsweredJustBeforeTheSiloDiesLeavesTheCartEmptyAndItsKeyAnswersTheSameOrder(DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        var serviceId = Guid.NewGuid().ToString("N");
        var buyer = Guid.NewGuid();
        Guid productId;
        CheckoutResult placed;
        await using (var doomed = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            productId = await doomed.CreateProductAsync(stock: 5);
            var cart = doomed.Client.GetGrain<ICartGrain>(buyer);
            await cart.Add(productId, 2);
            placed = await cart.Checkout("key-1", null, "buyer@example.com");
            await doomed.Cluster.KillSiloAsync(doomed.Cluster.Silos[0]);
        }

        await using var recovered = await ShopCluster.StartOnAsync(storage, serviceId);
        var again = recovered.Client.GetGrain<ICartGrain>(buyer);

        Assert.Empty((await again.Get()).Items);
        var retried = await again.Checkout("key-1", null, "buyer@example.com");
        Assert.False(retried.Created);
        Assert.Equal(placed.Order.Id, retried.Order.Id);
        Assert.Equal(3, (await recovered.ProductAsync(productId)).OnHand);
    }

    /// <summary>
    /// A checkout mints its order's id, so the order's activation starts from an empty state instead of reading a row that
    /// cannot be there; the order activated again later (here by a silo that starts after the first one died) reads its
    /// stored state as every grain does, and finds the order placed.
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task ACheckoutReadsNothingStoredForTheOrderItPlacesAndTheOrderActivatedAgainReadsItsState(DatabaseKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind);
        var serviceId = Guid.NewGuid().ToString("N");
        CheckoutResult placed;
        await using (var first = await ShopCluster.StartOnAsync(storage, serviceId))
        {
            var cart = first.Client.GetGrain<ICartGrain>(Guid.NewGuid());
            await cart.Add(await first.CreateProductAsync(stock: 5), 2);
            var orderReads = StorageOf(first).ReadsFromStore(StateNames.Order);

            placed = await cart.Checkout("key-1", null, "buyer@example.com");

            Assert.True(placed.Created);
            Assert.Equal(orderReads, StorageOf(first).ReadsFromStore(StateNames.Order));
            await SettledWriteCountAsync(first);
            await first.Cluster.KillSiloAsync(first.Cluster.Silos[0]);
        }

        await using var second = await ShopCluster.StartOnAsync(storage, serviceId);
        var order = await second.Client.GetGrain<IOrderGrain>(placed.Order.Id).Get();

        Assert.Equal(1, StorageOf(second).ReadsFromStore(StateNames.Order));
        Assert.Equal(OrderStatus.Placed, order?.Status);
        Assert.Equal(placed.Order.Total, order?.Total);
    }

    private static GroupCommitGrainStorage StorageOf(ShopCluster shop) =>
        shop.Cluster.Silos[0].ServiceProvider.GetRequiredService<GroupCommitGrainStorage>();

    /// <summary>The number of grain-state writes so far, read once writes nobody waited for have landed.</summary>
    private static async Task<long> SettledWriteCountAsync(ShopCluster shop)
    {
        long previous = -1, current;
        while ((current = await WriteCountAsync(shop)) != previous)
        {
            previous = current;
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        return current;
    }

    private static async Task<long> WriteCountAsync(ShopCluster shop)
    {
        await using var connection = shop.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(Version), 0) FROM OrleansStorage WHERE ServiceId = @ServiceId", new { shop.ServiceId }).WaitAsync(Patience);
    }
}
