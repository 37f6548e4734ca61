using Dapper;
using MarketMicro.Audit;
using MarketMicro.Carts;
using MarketMicro.Grains.Search;
using MarketMicro.Orders;
using MarketMicro.Products;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.Grains.Tests.Audit;

public sealed class ShopAuditTests
{
    [Fact]
    public async Task AShopAfterOrdersOfEveryStatusAndInventoryChangesAuditsCleanOnceItsViewsCaughtUp()
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        var busy = await BusyShop.FillAsync(shop);

        var report = await CleanAsync(shop);

        Assert.All(report.Checks, check => Assert.Equal(0, check.Mismatches));
        Assert.Equal(3, report.Checks.Single(c => c.Name == "stock balance").Checked);
        Assert.Equal(4 + 4, report.Checks.Single(c => c.Name == "ledger rows").Checked);
        Assert.Equal(2 + 2, report.Checks.Single(c => c.Name == "search index").Checked);
        Assert.NotEqual(Guid.Empty, busy.Delivered);
    }

    [Theory]
    [InlineData("ledger row changed", "ledger rows")]
    [InlineData("ledger row deleted", "ledger rows")]
    [InlineData("index document missing", "search index")]
    [InlineData("index version stale", "search index")]
    [InlineData("reservation for an unknown order", "reservations")]
    public async Task EachKindOfCorruptionIsReported(string corruption, string check)
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1);
        var busy = await BusyShop.FillAsync(shop);
        await CleanAsync(shop);
        var index = shop.Cluster.Silos[0].ServiceProvider.GetRequiredService<IProductSearchIndex>();
        switch (corruption)
        {
            case "ledger row changed":
                await ExecuteAsync(shop, "UPDATE ledger_orders SET total_cents = total_cents + 1 WHERE order_id = @Id", busy.Delivered);
                break;
            case "ledger row deleted":
                await ExecuteAsync(shop, "DELETE FROM ledger_orders WHERE order_id = @Id", busy.Delivered);
                break;
            case "index document missing":
                await index.DeleteAsync(busy.Pen);
                break;
            case "index version stale":
                var pen = await shop.ProductAsync(busy.Pen);
                await index.DeleteAsync(busy.Pen);
                await index.UpsertAsync([pen with { Version = pen.Version - 1 }]);
                break;
            default:
                await shop.Client.GetGrain<IProductGrain>(busy.Pen).Reserve(Guid.NewGuid(), 1);
                break;
        }

        var report = await shop.Client.GetGrain<IShopAuditGrain>(0).Run();

        Assert.False(report.Clean);
        var failed = Assert.Single(report.Checks, c => c.Mismatches > 0 && c.Name != "ledger sums");
        Assert.Equal(check, failed.Name);
        Assert.Equal(1, failed.Mismatches);
        Assert.Contains(corruption.StartsWith("ledger", StringComparison.Ordinal) ? busy.Delivered.ToString() : busy.Pen.ToString(), failed.Examples[0]);
        Assert.Equal(corruption.StartsWith("ledger", StringComparison.Ordinal), report.Checks.Single(c => c.Name == "ledger sums").Mismatches > 0);
    }

    private static Task<AuditReport> CleanAsync(ShopCluster shop) => Eventually.ReturnsAsync(
        () => shop.Client.GetGrain<IShopAuditGrain>(0).Run(),
        report => report.Clean,
        TimeSpan.FromSeconds(20),
        "the ledger and the search index catching up");

    private static async Task ExecuteAsync(ShopCluster shop, string sql, Guid orderId)
    {
        await using var connection = shop.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        Assert.Equal(1, await connection.ExecuteAsync(sql, new { Id = orderId.ToString() }));
    }

    /// <summary>Two live products and a deleted one, inventory set and moved, and orders placed, cancelled, delivered.</summary>
    private sealed record BusyShop(Guid Pen, Guid Delivered)
    {
        public static async Task<BusyShop> FillAsync(ShopCluster shop)
        {
            var pen = await shop.CreateProductAsync(stock: 40, price: 3.5m, name: "Pen");
            var ink = await shop.CreateProductAsync(stock: 20, price: 12m, name: "Ink");
            var gone = await shop.CreateProductAsync(stock: 5, name: "Gone");
            var user = Guid.NewGuid();
            var orders = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                await shop.Client.GetGrain<ICartGrain>(user).Add(ink, i + 1);
                orders.Add(await shop.PlaceOrderAsync(user, pen, i + 2));
            }

            await shop.Client.GetGrain<IProductGrain>(pen).ChangeInventory(new InventoryChange(null, 7));
            await shop.Client.GetGrain<IProductGrain>(ink).ChangeInventory(new InventoryChange(30, null));
            var ordersOf = orders.Select(id => shop.Client.GetGrain<IOrderGrain>(id)).ToList();
            await ordersOf[0].ChangeStatus(OrderStatus.Confirmed);
            await ordersOf[0].ChangeStatus(OrderStatus.Shipped);
            await ordersOf[0].ChangeStatus(OrderStatus.Delivered);
            await ordersOf[1].Cancel();
            await ordersOf[2].ChangeStatus(OrderStatus.Confirmed);
            await shop.Client.GetGrain<IProductGrain>(ink).Update(new ProductDetails("Ink", "Blue", 12m, "tests", null), 3, (await shop.ProductAsync(ink)).Version);
            await shop.Client.GetGrain<IProductGrain>(gone).Delete();
            return new BusyShop(pen, orders[0]);
        }
    }
}
