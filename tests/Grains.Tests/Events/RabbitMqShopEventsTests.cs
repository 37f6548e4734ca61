using System.Text;
using System.Text.Json;
using MarketMicro.Events;
using MarketMicro.Grains.Ledger;
using MarketMicro.Ledger;
using MarketMicro.Orders;
using MarketMicro.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace MarketMicro.Grains.Tests.Events;

/// <summary>The shop with <c>ConnectionStrings:RabbitMq</c> set: two silos, events through the real broker.</summary>
public sealed class RabbitMqShopFixture : IAsyncLifetime
{
    private const int QueueCount = 4;

    public string QueuePrefix { get; } = $"test.shop.{Guid.NewGuid():N}";

    public string Exchange { get; } = $"test.events.{Guid.NewGuid():N}";

    public ShopCluster Shop { get; private set; } = null!;

    private IAsyncDisposable noOutage = null!;

    public async Task InitializeAsync()
    {
        // Other test processes stop the broker to test outages; these tests need it up throughout.
        noOutage = await TestBroker.HoldOffOutagesAsync();
        Shop = await StartShopAsync();
    }

    private Task<ShopCluster> StartShopAsync() => ShopCluster.StartAsync(silos: 2, settings:
    [
        ("ConnectionStrings:RabbitMq", TestServers.RabbitMq),
        ("RabbitMq:QueuePrefix", QueuePrefix),
        ("RabbitMq:QueueCount", QueueCount.ToString()),
        ("RabbitMq:PublicExchange", Exchange),
    ]);

    public async Task DisposeAsync()
    {
        await Shop.DisposeAsync();
        await TestBroker.DeleteAsync([.. Enumerable.Range(0, QueueCount).Select(i => $"{QueuePrefix}.{i}"), $"{QueuePrefix}.dead-letter"], Exchange);
        await noOutage.DisposeAsync();
    }
}

public sealed class RabbitMqShopEventsTests(RabbitMqShopFixture fixture) : IClassFixture<RabbitMqShopFixture>
{
    private ShopCluster Shop => fixture.Shop;

    [Fact]
    public async Task AThousandOrderEventsFromTwoSilosReachTheLedgerOnceInEffectAndInOrderPerOrder()
    {
        var userId = Guid.NewGuid();
        var products = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Shop.CreateProductAsync(stock: 10_000, price: 2.50m)));
        var orderIds = Enumerable.Range(0, 250).Select(_ => Guid.NewGuid()).ToList();

        // 250 orders × (placed, confirmed, shipped, delivered) = 1,000 order events, from grains on both silos.
        await Parallel.ForEachAsync(orderIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
        {
            var order = Shop.Client.GetGrain<IOrderGrain>(id);
            await order.Place(new PlaceOrder(userId, [new RequestedLine(products[id.GetHashCode() & 7], 2)], null, "buyer@example.com"));
            foreach (var status in new[] { OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered })
            {
                await order.ChangeStatus(status);
            }
        });

        var reader = Shop.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOrderLedgerReader>();
        var delivered = new LedgerOrderFilter(OrderStatus.Delivered, userId, null, null, null, 1, 100);
        await Eventually.HoldsAsync(async () => (await reader.ListOrdersAsync(delivered)).Total == orderIds.Count, TimeSpan.FromSeconds(60), "every order delivered in the ledger");

        var all = await reader.ListOrdersAsync(new LedgerOrderFilter(null, userId, null, null, null, 1, 100));
        Assert.Equal(orderIds.Count, all.Total);
        Assert.Equal(orderIds.Count * 5m, all.Revenue);
        foreach (var id in orderIds)
        {
            var received = OrderEventRecorderGrain.Received[id].DistinctBy(e => e.Id).Cast<OrderEvent>().ToList();
            Assert.Equal([1L, 2L, 3L, 4L], received.Select(e => e.Order.Version));
        }
    }

    [Fact]
    public async Task APlainAmqpClientBoundToTheExchangeReceivesOrderEventsAsDocumentedJson()
    {
        await using var connection = await TestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, fixture.Exchange, "order.*");
        var product = await Shop.CreateProductAsync(stock: 5, price: 19.99m);
        var orderId = Guid.NewGuid();
        var order = Shop.Client.GetGrain<IOrderGrain>(orderId);
        await order.Place(new PlaceOrder(Guid.NewGuid(), [new RequestedLine(product, 2)], "1 Main St", "ada@example.com"));
        await order.ChangeStatus(OrderStatus.Confirmed);

        var messages = new List<BasicGetResult>();
        await Eventually.HoldsAsync(
            async () =>
            {
                if (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
                {
                    messages.Add(message);
                }

                return messages.Count(m => Json(m).GetProperty("payload").GetProperty("order").GetProperty("id").GetGuid() == orderId) == 2;
            },
            TimeSpan.FromSeconds(20),
            "both order events reaching the plain consumer");

        var mine = messages.Where(m => Json(m).GetProperty("payload").GetProperty("order").GetProperty("id").GetGuid() == orderId).ToList();
        Assert.Equal(["order.placed", "order.status-changed"], mine.Select(m => m.RoutingKey));
        foreach (var message in mine)
        {
            var json = Json(message);
            Assert.Equal(message.BasicProperties.MessageId, json.GetProperty("id").GetString());
            Assert.Equal(message.RoutingKey, message.BasicProperties.Type);
            Assert.Equal("application/json", message.BasicProperties.ContentType);
            Assert.True(message.BasicProperties.Persistent);
            Assert.True(message.BasicProperties.Timestamp.UnixTime > 0);
            Assert.Equal(message.RoutingKey, json.GetProperty("type").GetString());
            Assert.True(json.TryGetProperty("occurredAt", out _));
        }

        var confirmed = Json(mine[1]);
        Assert.Equal(2, confirmed.GetProperty("version").GetInt64());
        Assert.Equal("placed", confirmed.GetProperty("payload").GetProperty("from").GetString());
        Assert.Equal("confirmed", confirmed.GetProperty("payload").GetProperty("to").GetString());
        Assert.Equal("39.98", confirmed.GetProperty("payload").GetProperty("order").GetProperty("total").GetRawText());
    }

    private static JsonElement Json(BasicGetResult message) => JsonDocument.Parse(Encoding.UTF8.GetString(message.Body.Span)).RootElement;
}
