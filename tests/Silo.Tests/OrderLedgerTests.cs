using MarketMicro.Ledger;
using MarketMicro.Orders;
using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Tests;

public sealed class OrderLedgerTests
{
    private static readonly Guid Lamp = Guid.NewGuid();
    private static readonly Guid Chair = Guid.NewGuid();

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task ApplyingIsIdempotentAndOlderVersionsNeverOverwriteNewerOnes(DatabaseKind kind)
    {
        await using var db = await LedgerDatabase.CreateAsync(kind);
        var placed = Order(DateTime.UtcNow, (Lamp, 19.99m, 2));
        var confirmed = Advance(placed, OrderStatus.Confirmed);
        var shipped = Advance(confirmed, OrderStatus.Shipped);

        await db.Ledger.ApplyAsync(shipped);
        await db.Ledger.ApplyAsync(placed);
        await db.Ledger.ApplyAsync(confirmed);
        await db.Ledger.ApplyAsync(shipped);

        var page = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(null, null, null, null, null, 1, 20));
        var row = Assert.Single(page.Items);
        Assert.Equal(OrderStatus.Shipped, row.Status);
        Assert.Equal(39.98m, row.Total);
        Assert.Equal(2, row.ItemCount);
        Assert.Equal(39.98m, page.Revenue);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task OrderListFiltersPagesAndSummarisesTheFilteredSet(DatabaseKind kind)
    {
        await using var db = await LedgerDatabase.CreateAsync(kind);
        var day = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        var buyer = Guid.NewGuid();
        var orders = new[]
        {
            Order(day, (Lamp, 10m, 1)) with { UserId = buyer, CustomerEmail = "ann@example.com" },
            Advance(Order(day.AddDays(1), (Chair, 50m, 2)), OrderStatus.Confirmed),
            Advance(Advance(Order(day.AddDays(2), (Lamp, 10m, 3)), OrderStatus.Confirmed), OrderStatus.Cancelled),
        };
        foreach (var order in orders)
        {
            await db.Ledger.ApplyAsync(order);
        }

        var confirmedOnly = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(OrderStatus.Confirmed, null, null, null, null, 1, 20));
        Assert.Equal(orders[1].Id, Assert.Single(confirmedOnly.Items).OrderId);
        Assert.Equal(100m, confirmedOnly.Revenue);

        var byUser = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(null, buyer, null, null, null, 1, 20));
        Assert.Equal(orders[0].Id, Assert.Single(byUser.Items).OrderId);

        var byDates = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(null, null, DateOnly.FromDateTime(day.AddDays(1)), DateOnly.FromDateTime(day.AddDays(2)), null, 1, 20));
        Assert.Equal([orders[2].Id, orders[1].Id], byDates.Items.Select(i => i.OrderId));

        var byEmail = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(null, null, null, null, "ANN@example", 1, 20));
        Assert.Equal(orders[0].Id, Assert.Single(byEmail.Items).OrderId);

        var byProductName = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(null, null, null, null, "chair", 1, 20));
        Assert.Equal(orders[1].Id, Assert.Single(byProductName.Items).OrderId);

        var byId = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(null, null, null, null, orders[2].Id.ToString().ToUpperInvariant(), 1, 20));
        Assert.Equal(orders[2].Id, Assert.Single(byId.Items).OrderId);

        var secondPage = await db.Ledger.ListOrdersAsync(new LedgerOrderFilter(null, null, null, null, null, 2, 2));
        Assert.Equal(3, secondPage.Total);
        Assert.Equal(orders[0].Id, Assert.Single(secondPage.Items).OrderId);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task FinancialsEqualABruteForceRecomputationOverSeveralDaysAndStatuses(DatabaseKind kind)
    {
        await using var db = await LedgerDatabase.CreateAsync(kind);
        var random = new Random(7);
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var products = Products(6, 3.33m);
        var orders = new List<OrderSnapshot>();
        for (var i = 0; i < 120; i++)
        {
            var at = start.AddDays(random.Next(0, 20)).AddMinutes(random.Next(0, 1440));
            var lines = products.OrderBy(_ => random.Next()).Take(random.Next(1, 4))
                .Select(p => (p.Id, p.Price, random.Next(1, 5))).ToArray();
            var order = Order(at, lines);
            var path = random.Next(6) switch
            {
                0 => [],
                1 => [OrderStatus.Confirmed],
                2 => [OrderStatus.Confirmed, OrderStatus.Shipped],
                3 => [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered],
                4 => [OrderStatus.Cancelled],
                _ => new[] { OrderStatus.Confirmed, OrderStatus.Cancelled },
            };
            order = path.Aggregate(order, Advance);
            orders.Add(order);
            await db.Ledger.ApplyAsync(order);
        }

        var from = DateOnly.FromDateTime(start.AddDays(3));
        var to = DateOnly.FromDateTime(start.AddDays(15));
        var figures = await db.Ledger.GetFinancialsAsync(from, to, topProducts: 10);

        var inRange = orders.Where(o => DateOnly.FromDateTime(o.CreatedAt) >= from && DateOnly.FromDateTime(o.CreatedAt) <= to).ToList();
        var earning = inRange.Where(o => o.Status is OrderStatus.Confirmed or OrderStatus.Shipped or OrderStatus.Delivered).ToList();
        Assert.Equal(earning.Sum(o => o.Total), figures.Revenue);
        Assert.Equal(earning.Count, figures.OrderCount);
        Assert.Equal(decimal.Round(earning.Sum(o => o.Total) / earning.Count, 2, MidpointRounding.AwayFromZero), figures.AverageOrderValue);
        Assert.Equal(earning.Sum(o => o.ItemCount), figures.ItemsSold);
        Assert.Equal(inRange.Count(o => o.Status == OrderStatus.Cancelled), figures.CancelledCount);
        Assert.Equal(inRange.Where(o => o.Status == OrderStatus.Cancelled && o.History.Any(h => h.Status == OrderStatus.Confirmed)).Sum(o => o.Total), figures.RefundedAmount);
        foreach (var status in new[] { OrderStatus.Placed, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled })
        {
            Assert.Equal(inRange.Count(o => o.Status == status), figures.ByStatus[status.ToString().ToLowerInvariant()]);
        }

        Assert.Equal(to.DayNumber - from.DayNumber + 1, figures.Daily.Count);
        foreach (var day in figures.Daily)
        {
            var thatDay = earning.Where(o => DateOnly.FromDateTime(o.CreatedAt) == day.Date).ToList();
            Assert.Equal(thatDay.Sum(o => o.Total), day.Revenue);
            Assert.Equal(thatDay.Count, day.Orders);
        }

        Assert.Equal(TopProducts(earning), figures.TopProducts.Select(p => (p.ProductId, p.Quantity, p.Revenue)));
    }

    /// <summary>
    /// Orders applied all at once share commits: more orders than one command takes, one order of 100 lines (more lines
    /// than one statement takes), and every version of each order submitted together in random order. Each row ends at
    /// its newest version, and each line at its order's final status (which only the revenue by product shows).
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task OrdersAppliedTogetherInSharedCommitsEndAtTheirNewestVersionsLinesIncluded(DatabaseKind kind)
    {
        await using var db = await LedgerDatabase.CreateAsync(kind);
        var random = new Random(11);
        var day = new DateTime(2026, 10, 5, 8, 0, 0, DateTimeKind.Utc);
        var products = Products(120, 1.25m);
        var finals = new List<OrderSnapshot>();
        var versions = new List<OrderSnapshot>();
        for (var i = 0; i < 200; i++)
        {
            var chosen = i == 0 ? products.Take(100) : products.OrderBy(_ => random.Next()).Take(random.Next(1, 4));
            var order = Order(day.AddMinutes(i), chosen.Select(p => (p.Id, p.Price, random.Next(1, 4))).ToArray());
            versions.Add(order);
            OrderStatus[] path = random.Next(4) switch
            {
                0 => [],
                1 => [OrderStatus.Confirmed, OrderStatus.Shipped],
                2 => [OrderStatus.Cancelled],
                _ => [OrderStatus.Confirmed, OrderStatus.Cancelled],
            };
            foreach (var status in path)
            {
                order = Advance(order, status);
                versions.Add(order);
            }

            finals.Add(order);
        }

        await Task.WhenAll(versions.OrderBy(_ => random.Next()).Select(version => db.Ledger.ApplyAsync(version)));

        var stored = await db.Ledger.ReadOrdersForAuditAsync();
        Assert.Equal(
            finals.OrderBy(o => o.Id.ToString(), StringComparer.Ordinal).Select(o => (o.Id, o.Status, o.Version)),
            stored.OrderBy(r => r.OrderId.ToString(), StringComparer.Ordinal).Select(r => (r.OrderId, r.Status, r.Version)));
        var figures = await db.Ledger.GetFinancialsAsync(DateOnly.FromDateTime(day), DateOnly.FromDateTime(day), topProducts: products.Length);
        var earning = finals.Where(o => o.Status is OrderStatus.Confirmed or OrderStatus.Shipped or OrderStatus.Delivered);
        Assert.Equal(TopProducts(earning), figures.TopProducts.Select(p => (p.ProductId, p.Quantity, p.Revenue)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.MySql)]
    public async Task AnEmptyRangeHasEveryDayWithZeros(DatabaseKind kind)
    {
        await using var db = await LedgerDatabase.CreateAsync(kind);
        var figures = await db.Ledger.GetFinancialsAsync(new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 2), 10);
        Assert.Equal(4, figures.Daily.Count);
        Assert.All(figures.Daily, day => Assert.Equal((0m, 0), (day.Revenue, day.Orders)));
        Assert.Equal(0m, figures.AverageOrderValue);
    }

    private static (Guid Id, decimal Price)[] Products(int count, decimal priceStep) =>
        Enumerable.Range(0, count).Select(i => (Id: Guid.NewGuid(), Price: priceStep * (i + 1))).ToArray();

    /// <summary>Units and revenue per product over the orders' lines, best first (ties by id), worked out by brute force.</summary>
    private static List<(Guid ProductId, int Quantity, decimal Revenue)> TopProducts(IEnumerable<OrderSnapshot> orders) =>
        orders.SelectMany(o => o.Lines)
            .GroupBy(l => l.ProductId)
            .Select(g => (ProductId: g.Key, Quantity: g.Sum(l => l.Quantity), Revenue: g.Sum(l => l.LineTotal)))
            .OrderByDescending(p => p.Revenue).ThenBy(p => p.ProductId.ToString())
            .ToList();

    private static OrderSnapshot Order(DateTime at, params (Guid Product, decimal Price, int Quantity)[] lines) => new(
        Guid.NewGuid(), Guid.NewGuid(), OrderStatus.Placed,
        lines.Select(l => new OrderLine(l.Product, l.Product == Chair ? "Oak Chair" : $"Product {l.Product:N}", l.Price, l.Quantity)).ToList(),
        "USD", null, at, at, [new StatusChange(OrderStatus.Placed, at)], 1, null);

    private static OrderSnapshot Advance(OrderSnapshot order, OrderStatus to)
    {
        var at = order.UpdatedAt.AddMinutes(5);
        return order with { Status = to, UpdatedAt = at, History = [.. order.History, new StatusChange(to, at)], Version = order.Version + 1 };
    }
}
