using System.Diagnostics;
using MarketMicro.Ledger;
using MarketMicro.Orders;
using MarketMicro.Silo.Ledger;
using MarketMicro.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

// Fills the order ledger with N orders over a year (statuses mixed) and times the admin queries the API runs:
// /admin/financials over 30 and 366 days, and /admin/orders filtered by status (with its summary).
// Usage: dotnet run -c Release --project bench/LedgerBench -- [--orders 100000] [--mysql "<connection string>"]
string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var count = int.TryParse(Value("--orders"), out var n) ? n : 100_000;
var settings = new Dictionary<string, string?>
{
    ["Storage:DataDirectory"] = Path.Combine(Path.GetTempPath(), "marketmicro-ledgerbench", Guid.NewGuid().ToString("N")),
    ["ConnectionStrings:MySql"] = Value("--mysql"),
};
var database = DatabaseSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
await new SchemaInstaller(database, NullLogger<SchemaInstaller>.Instance).ApplyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
var ledger = new SqlOrderLedger(database);

var random = new Random(3);
var products = Enumerable.Range(0, 200).Select(i => (Id: Guid.NewGuid(), Name: $"Product {i}", Price: decimal.Round(2 + (decimal)random.NextDouble() * 300, 2))).ToArray();
var end = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
OrderStatus[] finals = [OrderStatus.Placed, OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Delivered, OrderStatus.Cancelled];
var orders = Enumerable.Range(0, count).Select(i =>
{
    var at = end.AddMinutes(-random.Next(365 * 24 * 60));
    var lines = products.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(p => new OrderLine(p.Id, p.Name, p.Price, random.Next(1, 4))).ToList();
    var status = finals[random.Next(finals.Length)];
    List<StatusChange> history = [new(OrderStatus.Placed, at)];
    if (status != OrderStatus.Placed && (status != OrderStatus.Cancelled || random.Next(2) == 0))
    {
        history.Add(new(OrderStatus.Confirmed, at.AddHours(1)));
    }

    if (status is OrderStatus.Shipped or OrderStatus.Delivered or OrderStatus.Cancelled && status != OrderStatus.Cancelled)
    {
        history.Add(new(status, at.AddHours(2)));
    }

    return new OrderSnapshot(Guid.NewGuid(), Guid.NewGuid(), status, lines, "USD", null, at, at, history, history.Count, $"buyer{i}@example.com");
}).ToList();

var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, token) => await ledger.ApplyAsync(order, token));
Console.WriteLine($"{(database.Kind == DatabaseKind.MySql ? "MariaDB/MySQL" : "SQLite")}: applied {count} orders in {clock.Elapsed.TotalSeconds:F1} s ({count / clock.Elapsed.TotalSeconds:F0}/s)");

await Measure("financials, last 30 days", () => ledger.GetFinancialsAsync(DateOnly.FromDateTime(end).AddDays(-29), DateOnly.FromDateTime(end), 10));
await Measure("financials, 366 days", () => ledger.GetFinancialsAsync(DateOnly.FromDateTime(end).AddDays(-365), DateOnly.FromDateTime(end), 10));
await Measure("orders?status=shipped (page 1 + summary)", () => ledger.ListOrdersAsync(new LedgerOrderFilter(OrderStatus.Shipped, null, null, null, null, 1, 20)));
await Measure("orders?status=delivered&page=200", () => ledger.ListOrdersAsync(new LedgerOrderFilter(OrderStatus.Delivered, null, null, null, null, 200, 20)));
await Measure("orders (all, page 1 + summary)", () => ledger.ListOrdersAsync(new LedgerOrderFilter(null, null, null, null, null, 1, 20)));
return;

static async Task Measure<T>(string what, Func<Task<T>> query)
{
    await query();
    var times = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await query();
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"  {what}: p50 {times[10]:F1} ms, p95 {times[18]:F1} ms");
}
