using System.Diagnostics;
using Dapper;
using MarketMicro;
using MarketMicro.Events;
using MarketMicro.Grains.Events;
using MarketMicro.Orders;
using MarketMicro.Silo;
using MarketMicro.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Order events end to end: produced on the order streams of the shop's silo composition, carried by the configured
// stream provider (RabbitMQ with --rabbitmq, else memory streams), applied by the ledger projection; the clock stops
// when the last ledger row holds its final version. Each order gets placed, confirmed, shipped, delivered.
// Usage: dotnet run -c Release --project bench/EventsBench -- [--events 20000] [--producers 64]
//        [--rabbitmq amqp://guest:guest@127.0.0.1:5672/] [--channels 4] [--mysql "Server=...;Database=..."]
var events = Option("--events", 20_000);
var producers = Option("--producers", 64);
var rabbitMq = Text("--rabbitmq");
var prefix = $"bench.events.{Guid.NewGuid():N}";
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Storage:DataDirectory"] = Path.Combine(Path.GetTempPath(), "marketmicro-bench", Guid.NewGuid().ToString("N")),
    ["ConnectionStrings:MySql"] = Text("--mysql"),
    ["ConnectionStrings:RabbitMq"] = rabbitMq,
    ["RabbitMq:QueuePrefix"] = prefix,
    ["RabbitMq:PublicExchange"] = $"{prefix}.public",
    ["RabbitMq:PublisherChannelCount"] = Text("--channels"),
    ["Orleans:ServiceId"] = $"bench-{Guid.NewGuid():N}",
});
builder.AddMarketMicroSilo();
using var host = builder.Build();
await host.StartAsync();
var streams = host.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ProviderNames.Streams);
var database = host.Services.GetRequiredService<DatabaseSettings>();

var orders = events / 4;
var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
var publishLatencies = new List<double>();
var next = -1;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, producers).Select(async _ =>
{
    var mine = new List<double>();
    int i;
    while ((i = Interlocked.Increment(ref next)) < orders)
    {
        var id = Guid.NewGuid();
        var stream = streams.GetStream<ShopEvent>(EventStreams.ForOrder(id));
        var order = new OrderSnapshot(id, Guid.NewGuid(), OrderStatus.Placed, [new OrderLine(Guid.NewGuid(), "Bench item", 9.99m, 1)],
            Money.DefaultCurrency, null, start.AddSeconds(i), start.AddSeconds(i), [], 1, null);
        ShopEvent[] lifecycle =
        [
            new OrderPlaced(Guid.NewGuid(), order.CreatedAt, order),
            new OrderStatusChanged(Guid.NewGuid(), order.CreatedAt, order with { Status = OrderStatus.Confirmed, Version = 2 }, OrderStatus.Placed, OrderStatus.Confirmed),
            new OrderStatusChanged(Guid.NewGuid(), order.CreatedAt, order with { Status = OrderStatus.Shipped, Version = 3 }, OrderStatus.Confirmed, OrderStatus.Shipped),
            new OrderStatusChanged(Guid.NewGuid(), order.CreatedAt, order with { Status = OrderStatus.Delivered, Version = 4 }, OrderStatus.Shipped, OrderStatus.Delivered),
        ];
        foreach (var shopEvent in lifecycle)
        {
            var sent = Stopwatch.GetTimestamp();
            await stream.OnNextAsync(shopEvent);
            mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
    }

    lock (publishLatencies)
    {
        publishLatencies.AddRange(mine);
    }
}));
var produced = clock.Elapsed;

await using (var connection = database.CreateConnection())
{
    await connection.OpenAsync();
    while (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger_orders WHERE version = 4") < orders)
    {
        await Task.Delay(20);
    }
}

clock.Stop();
publishLatencies.Sort();
Console.WriteLine($"provider: {(rabbitMq is null ? "memory streams" : "RabbitMQ")}, ledger: {database.Kind}");
Console.WriteLine($"{orders * 4} order events ({orders} orders x 4) produced in {produced.TotalSeconds:0.00} s, in the ledger after {clock.Elapsed.TotalSeconds:0.00} s");
Console.WriteLine($"end to end: {orders * 4 / clock.Elapsed.TotalSeconds:0} events/s; publish p50 {Percentile(0.50):0.0} ms, p99 {Percentile(0.99):0.0} ms");
await host.StopAsync();

double Percentile(double p) => publishLatencies[(int)Math.Min(publishLatencies.Count - 1, p * publishLatencies.Count)];

int Option(string name, int fallback) => Text(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

string? Text(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
