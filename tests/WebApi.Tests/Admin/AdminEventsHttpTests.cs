using System.Net;
using System.Text.Json;
using MarketMicro.Silo;
using MarketMicro.TestSupport;
using MarketMicro.WebApi.Tests.Hardening;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace MarketMicro.WebApi.Tests.Admin;

[Collection(ShopCollection.Name)]
public sealed class AdminEventsHttpTests(ShopApiFactory factory)
{
    [Fact]
    public async Task TheEventStreamAnswersAdminsOnly()
    {
        await (await factory.CreateClient().GetAsync(EventStream.Route)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await (await factory.NewCustomerAsync()).GetAsync(EventStream.Route)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheEventStreamIsServerSentEventsThatProxiesDoNotBuffer()
    {
        using var stream = await EventStream.OpenAsync(await factory.AdminAsync());

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no", stream.Response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Contains("no-cache", stream.Response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AnOrderPlacedAfterTheStreamOpenedArrivesAsAnOrderPlacedEvent()
    {
        using var stream = await EventStream.OpenAsync(await factory.AdminAsync());
        var orderId = await (await factory.NewCustomerAsync()).PlaceOrderAsync(await factory.CreateProductAsync(stock: 3, price: 7.5m), 2);

        var placed = await stream.NextAsync(e => e.Type == "order.placed" && e.Data.GetProperty("payload").GetProperty("order").GetProperty("id").GetString() == orderId);

        Assert.Equal(placed.Id, placed.Data.GetProperty("id").GetString());
        Assert.Equal("15.00", placed.Data.GetProperty("payload").GetProperty("order").GetProperty("total").GetRawText());
    }

    [Fact]
    public async Task AStockChangeArrivesAsAStockChangedEvent()
    {
        var admin = await factory.AdminAsync();
        var productId = await factory.CreateProductAsync(stock: 3);
        using var stream = await EventStream.OpenAsync(admin);

        var answer = await admin.PutAsync($"/api/v1/admin/products/{productId}/inventory", ShopData.Json("""{"delta": 4}"""));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var changed = await stream.NextAsync(e => e.Type == "stock.changed" && e.Data.GetProperty("payload").GetProperty("product").GetProperty("id").GetGuid() == productId);
        Assert.Equal(7, changed.Data.GetProperty("payload").GetProperty("product").GetProperty("stock").GetInt32());
    }
}

/// <summary>A stateless frontend (client mode) with its silo elsewhere, events on RabbitMQ: the feed crosses processes.</summary>
public sealed class ClientModeAdminEventsTests
{
    [Fact]
    public async Task AnOrderPlacedThroughAClientModeFrontendReachesItsEventStreamFromTheSilo()
    {
        // Other test processes stop the broker to test outages; this test needs it up throughout.
        await using var noOutage = await TestBroker.HoldOffOutagesAsync();
        using var data = new TemporaryDirectory();
        var id = $"admin-events-{Guid.NewGuid():N}";
        (string, string)[] cluster =
        [
            ("ConnectionStrings:Redis", TestServers.Redis),
            ("ConnectionStrings:RabbitMq", TestServers.RabbitMq),
            ("RabbitMq:QueuePrefix", id),
            ("RabbitMq:QueueCount", "2"),
            ("RabbitMq:PublicExchange", $"{id}.events"),
            ("Orleans:ClusterId", id),
            ("Orleans:ServiceId", id),
        ];
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddConfiguration(ShopConfiguration.Sqlite(data.Path,
            [.. cluster, ("Orleans:SiloPort", FreePort.Next().ToString()), ("Orleans:GatewayPort", FreePort.Next().ToString())]));
        siloBuilder.AddMarketMicroSilo();
        using var silo = siloBuilder.Build();
        await silo.StartAsync();
        try
        {
            await using var frontend = new KestrelShopFactory(settings: [.. cluster, ("Hosting:Mode", "client"), ("Jwt:SigningKey", Convert.ToBase64String(new byte[48]))]);
            var readiness = frontend.Customer();
            await Eventually.HoldsAsync(async () => (await readiness.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the frontend finding the silo");
            using var stream = await EventStream.OpenAsync(await frontend.AdminAsync());

            var orderId = await (await frontend.NewCustomerAsync()).PlaceOrderAsync(await frontend.CreateProductAsync(stock: 2), 1);

            await stream.NextAsync(e => e.Type == "order.placed" && e.Data.GetProperty("payload").GetProperty("order").GetProperty("id").GetString() == orderId);
        }
        finally
        {
            await silo.StopAsync();
            await TestBroker.DeleteAsync([$"{id}.0", $"{id}.1", $"{id}.dead-letter"], $"{id}.events");
        }
    }
}

/// <summary>An open <c>/api/v1/admin/events</c> stream, read event by event.</summary>
internal sealed class EventStream : IDisposable
{
    public const string Route = "/api/v1/admin/events";

    private readonly StreamReader reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        Response = response;
        this.reader = reader;
    }

    public HttpResponseMessage Response { get; }

    public sealed record Event(string Id, string Type, JsonElement Data);

    public static async Task<EventStream> OpenAsync(HttpClient admin)
    {
        var response = await admin.GetAsync(Route, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The stream opens with a comment once the frontend's subscription is in place.
        using var opening = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(opening.Token) is { } line && line != ": connected")
        {
        }

        return new EventStream(response, reader);
    }

    /// <summary>The next event that matches, skipping others and heartbeats; fails after 20 seconds.</summary>
    public async Task<Event> NextAsync(Func<Event, bool> matches)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string id = string.Empty, type = string.Empty, data = string.Empty;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0 && new Event(id, type, JsonDocument.Parse(data).RootElement) is var shopEvent && matches(shopEvent))
                {
                    return shopEvent;
                }

                (id, type, data) = (string.Empty, string.Empty, string.Empty);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        throw new Xunit.Sdk.XunitException("The event stream ended before the expected event.");
    }

    public void Dispose()
    {
        reader.Dispose();
        Response.Dispose();
    }
}
