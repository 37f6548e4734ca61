using System.Globalization;
using Dapper;
using MarketMicro.Carts;
using MarketMicro.Orders;
using MarketMicro.Projections;
using MarketMicro.Silo.Storage;
using MarketMicro.TestSupport;

namespace MarketMicro.Grains.Tests.Projections;

public sealed class LedgerRebuildTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task ALedgerRebuiltFromTheStoredOrdersEqualsTheIncrementallyBuiltOneRowForRow(DatabaseKind kind)
    {
        await using var shop = await ShopCluster.StartAsync(silos: 1, kind);
        var cheap = await shop.CreateProductAsync(stock: 50, price: 2.25m, name: "Pencil");
        var dear = await shop.CreateProductAsync(stock: 50, price: 199.99m, name: "Fountain Pen");
        var userId = Guid.NewGuid();
        var orders = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            await shop.Client.GetGrain<ICartGrain>(userId).Add(dear, i + 1);
            orders.Add(await shop.PlaceOrderAsync(userId, cheap, 2 * i + 1));
        }

        await shop.Client.GetGrain<IOrderGrain>(orders[0]).ChangeStatus(OrderStatus.Confirmed);
        await shop.Client.GetGrain<IOrderGrain>(orders[0]).ChangeStatus(OrderStatus.Shipped);
        await shop.Client.GetGrain<IOrderGrain>(orders[0]).ChangeStatus(OrderStatus.Delivered);
        await shop.Client.GetGrain<IOrderGrain>(orders[1]).ChangeStatus(OrderStatus.Confirmed);
        await shop.Client.GetGrain<IOrderGrain>(orders[1]).Cancel();
        await shop.Client.GetGrain<IOrderGrain>(orders[2]).ChangeStatus(OrderStatus.Confirmed);
        var incremental = await Eventually.ReturnsAsync(
            () => DumpAsync(shop.Storage.Database),
            dump => dump.Orders.Count == 4 && dump.Lines.Count == 8
                && dump.Orders.Count(o => o.Contains("|delivered|") || o.Contains("|cancelled|")) == 2
                && dump.Orders.Count(o => o.Contains("|confirmed|")) == 1,
            TimeSpan.FromSeconds(20),
            "the order events reaching the ledger");
        await ExecuteAsync(shop.Storage.Database,
            "INSERT INTO ledger_orders (order_id, user_id, status, total_cents, currency, item_count, created_at, updated_at, version) " +
            "VALUES ('00000000-0000-0000-0000-00000000dead', '00000000-0000-0000-0000-000000000001', 'placed', 100, 'EUR', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)");

        var rebuilt = await shop.Client.GetGrain<IProjectionMaintenanceGrain>(ProjectionNames.Ledger).Rebuild();

        Assert.Equal(4, rebuilt.Applied);
        Assert.NotNull(rebuilt.Checkpoint);
        var after = await DumpAsync(shop.Storage.Database);
        Assert.Equal(incremental.Orders, after.Orders);
        Assert.Equal(incremental.Lines, after.Lines);
    }

    /// <summary>Every column of both ledger tables, one string a row, in key order.</summary>
    private static async Task<(List<string> Orders, List<string> Lines)> DumpAsync(DatabaseSettings database)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        async Task<List<string>> RowsAsync(string sql) =>
            (await connection.QueryAsync(sql)).Cast<IDictionary<string, object?>>()
                .Select(row => string.Join("|", row.Select(column => column.Value switch
                {
                    DateTime at => at.ToString("O", CultureInfo.InvariantCulture),
                    IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
                    var value => value?.ToString() ?? "null",
                })))
                .ToList();

        return (await RowsAsync("SELECT * FROM ledger_orders ORDER BY order_id"), await RowsAsync("SELECT * FROM ledger_order_lines ORDER BY order_id, product_id"));
    }

    private static async Task ExecuteAsync(DatabaseSettings database, string sql)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }
}
