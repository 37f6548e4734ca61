using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests.Events;

/// <summary>The embedded shop with <c>ConnectionStrings:RabbitMq</c> set, through a broker outage.</summary>
public sealed class RabbitMqShopHttpTests
{
    [Fact]
    public async Task ReadinessSays503WhileTheBrokerIsDownAnd200AfterAndAnOrderPlacedMeanwhileReachesTheLedger()
    {
        await using var factory = new RabbitMqShopFactory();
        var client = factory.CreateClient();
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "readiness");
        var customer = await factory.NewCustomerAsync();
        var admin = await factory.AdminAsync();
        var product = await factory.CreateProductAsync(stock: 5, price: 4m);
        string? orderId = null;

        await TestBroker.DuringOutageAsync(async () =>
        {
            await Eventually.HoldsAsync(
                async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(30),
                "readiness turning 503 while the broker is down");
            orderId = await customer.PlaceOrderAsync(product, 2);
        });

        await Eventually.HoldsAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "readiness after the outage");
        await Eventually.HoldsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/orders?q={orderId}")).GetProperty("total").GetInt32() == 1,
            TimeSpan.FromSeconds(60),
            "the order placed during the outage reaching the ledger");
    }

    private sealed class RabbitMqShopFactory : ShopApiFactory
    {
        private readonly string prefix = $"test.http.{Guid.NewGuid():N}";

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("ConnectionStrings:RabbitMq", TestServers.RabbitMq),
            ("RabbitMq:QueuePrefix", prefix),
            ("RabbitMq:QueueCount", "2"),
            ("RabbitMq:PublicExchange", $"{prefix}.events"),
            ("Projections:CatchUpInterval", "00:00:02"),
        ];

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await TestBroker.DeleteAsync([$"{prefix}.0", $"{prefix}.1", $"{prefix}.dead-letter"], $"{prefix}.events");
        }
    }
}
