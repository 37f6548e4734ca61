using System.Collections.Concurrent;
using System.Diagnostics;
using MarketMicro;
using MarketMicro.Carts;
using MarketMicro.Products;
using MarketMicro.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Places 3-line orders from many users against the embedded silo composition (SQLite by default, MySQL/MariaDB
// with --mysql "<connection string>") and reports throughput, checkout latency and the oversell count.
// Usage: dotnet run -c Release --project bench/OrdersBench -- [--orders 2000] [--users 400] [--concurrency 32]
//        [--products 60] [--scarce-stock 150] [--mysql "Server=...;Database=..."] [--rabbitmq amqp://guest:guest@127.0.0.1:5672/]
var options = BenchOptions.Parse(args);
var dataDirectory = Path.Combine(Path.GetTempPath(), "marketmicro-bench", Guid.NewGuid().ToString("N"));
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Storage:DataDirectory"] = dataDirectory,
    ["ConnectionStrings:MySql"] = options.MySql,
    ["ConnectionStrings:RabbitMq"] = options.RabbitMq,
    ["RabbitMq:QueuePrefix"] = $"bench.orders.{Guid.NewGuid():N}",
    ["Orleans:ServiceId"] = $"bench-{Guid.NewGuid():N}",
});
builder.AddMarketMicroSilo();
var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

// Plenty of stock everywhere except a few scarce products that every fourth order wants: those must sell out exactly.
var plentiful = await CreateProductsAsync(options.Products, 1_000_000);
var scarce = await CreateProductsAsync(3, options.ScarceStock);
var users = Enumerable.Range(0, options.Users).Select(_ => Guid.NewGuid()).ToArray();

var latencies = new ConcurrentBag<double>();
var placed = new ConcurrentBag<(Guid Product, int Quantity)[]>();
var refused = 0;
var failed = 0;
var next = -1;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < options.Orders)
    {
        var random = new Random(i);
        var lines = plentiful.OrderBy(_ => random.Next()).Take(i % 4 == 0 ? 2 : 3)
            .Concat(i % 4 == 0 ? [scarce[random.Next(scarce.Length)]] : [])
            .Select(product => (Product: product, Quantity: random.Next(1, 3)))
            .ToArray();
        var cart = grains.GetGrain<ICartGrain>(users[i % users.Length]);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await cart.Clear();
            foreach (var (product, quantity) in lines)
            {
                await cart.Add(product, quantity);
            }

            await cart.Checkout($"bench-{i}", null, null);
            placed.Add(lines);
        }
        catch (ConflictException)
        {
            Interlocked.Increment(ref refused);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Interlocked.Increment(ref failed);
        }

        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}));
clock.Stop();

var oversold = 0;
foreach (var product in scarce.Concat(plentiful))
{
    var snapshot = await grains.GetGrain<IProductGrain>(product).GetIncludingDeleted();
    var initial = scarce.Contains(product) ? options.ScarceStock : 1_000_000;
    var sold = placed.SelectMany(lines => lines).Where(line => line.Product == product).Sum(line => line.Quantity);
    if (snapshot!.OnHand < 0 || snapshot.OnHand != initial - sold || snapshot.Reserved != 0)
    {
        oversold++;
        Console.WriteLine($"MISMATCH {product}: stock {snapshot.OnHand}, reserved {snapshot.Reserved}, expected {initial - sold}");
    }
}

var sorted = latencies.Order().ToArray();
Console.WriteLine($"storage: {(options.MySql is null ? "SQLite (embedded default)" : "MySQL/MariaDB")}, events: {(options.RabbitMq is null ? "memory streams" : "RabbitMQ")}");
Console.WriteLine($"orders attempted: {options.Orders}, placed: {placed.Count}, refused (short stock): {refused}, failed: {failed}");
Console.WriteLine($"concurrency: {options.Concurrency}, users: {options.Users}, elapsed: {clock.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"throughput: {options.Orders / clock.Elapsed.TotalSeconds:F0} checkouts/s (each: clear + 3 adds + checkout)");
Console.WriteLine($"latency per checkout flow: p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms");
Console.WriteLine($"scarce stock sold out exactly: {scarce.Length} products x {options.ScarceStock}; oversell/mismatch count: {oversold}");
await host.StopAsync();
host.Dispose();
try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
}

return oversold == 0 && failed == 0 ? 0 : 1;

async Task<Guid[]> CreateProductsAsync(int count, int stock) =>
    await Task.WhenAll(Enumerable.Range(0, count).Select(async n =>
    {
        var id = Guid.NewGuid();
        await grains.GetGrain<IProductGrain>(id).Create(new ProductDetails($"Bench product {n}", "Benchmark item", 9.99m + n, "bench", null), stock);
        return id;
    }));

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

internal sealed record BenchOptions(int Orders, int Users, int Concurrency, int Products, int ScarceStock, string? MySql, string? RabbitMq)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => int.TryParse(Value(name), out var n) ? n : fallback;
        return new BenchOptions(Number("--orders", 2000), Number("--users", 400), Number("--concurrency", 32),
            Number("--products", 60), Number("--scarce-stock", 150), Value("--mysql"), Value("--rabbitmq"));
    }
}
