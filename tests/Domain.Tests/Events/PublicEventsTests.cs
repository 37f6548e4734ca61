using System.Text.Json;
using MarketMicro.Events;
using MarketMicro.Orders;
using MarketMicro.Products;
using MarketMicro.Silo.Events;

namespace MarketMicro.Domain.Tests.Events;

public sealed class PublicEventsTests
{
    private static readonly DateTime At = new(2026, 11, 24, 10, 15, 0, DateTimeKind.Utc);
    private static readonly OrderSnapshot Order = new(
        Guid.NewGuid(), Guid.NewGuid(), OrderStatus.Shipped, [new OrderLine(Guid.NewGuid(), "Lamp", 19.9m, 2)], "USD", "1 Main St",
        At, At, [new StatusChange(OrderStatus.Placed, At)], 3, "buyer@example.com");

    private static readonly ProductSnapshot Product = new(
        Guid.NewGuid(), new ProductDetails("Lamp", "Warm", 19.9m, "Home", null), OnHand: 7, Reserved: 2, At, At, false, 5);

    public static TheoryData<ShopEvent, string> Events => new()
    {
        { new OrderPlaced(Guid.NewGuid(), At, Order), "order.placed" },
        { new OrderStatusChanged(Guid.NewGuid(), At, Order, OrderStatus.Confirmed, OrderStatus.Shipped), "order.status-changed" },
        { new OrderCancelled(Guid.NewGuid(), At, Order, OrderStatus.Placed), "order.cancelled" },
        { new ProductChanged(Guid.NewGuid(), At, Product), "product.changed" },
        { new ProductDeleted(Guid.NewGuid(), At, Product.Id, 6), "product.deleted" },
        { new StockChanged(Guid.NewGuid(), At, Product), "stock.changed" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void EveryEventHasTheDocumentedEnvelope(ShopEvent shopEvent, string type)
    {
        var json = JsonDocument.Parse(PublicEvents.Serialize(shopEvent)).RootElement;

        Assert.Equal(type, json.GetProperty("type").GetString());
        Assert.Equal(shopEvent.Id, json.GetProperty("id").GetGuid());
        Assert.Equal("2026-11-24T10:15:00Z", json.GetProperty("occurredAt").GetString());
        Assert.True(json.GetProperty("version").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Object, json.GetProperty("payload").ValueKind);
        Assert.Contains(type, PublicEvents.Types);
    }

    [Fact]
    public void AStatusChangeCarriesTheOrderAsTheApiShowsItAndWhereItCameFrom()
    {
        var json = JsonDocument.Parse(PublicEvents.Serialize(new OrderStatusChanged(Guid.NewGuid(), At, Order, OrderStatus.Confirmed, OrderStatus.Shipped))).RootElement;

        var payload = json.GetProperty("payload");
        Assert.Equal(("confirmed", "shipped"), (payload.GetProperty("from").GetString(), payload.GetProperty("to").GetString()));
        var order = payload.GetProperty("order");
        Assert.Equal("shipped", order.GetProperty("status").GetString());
        Assert.Equal("39.80", order.GetProperty("total").GetRawText());
        Assert.Equal("19.90", order.GetProperty("items")[0].GetProperty("unitPrice").GetRawText());
        Assert.Equal("buyer@example.com", order.GetProperty("customerEmail").GetString());
        Assert.Equal(3, json.GetProperty("version").GetInt64());
    }

    [Fact]
    public void AProductsStockIsWhatCanBeBoughtWithOnHandAndReservedBeside()
    {
        var product = JsonDocument.Parse(PublicEvents.Serialize(new StockChanged(Guid.NewGuid(), At, Product))).RootElement.GetProperty("payload").GetProperty("product");

        Assert.Equal((5, 7, 2), (product.GetProperty("stock").GetInt32(), product.GetProperty("onHand").GetInt32(), product.GetProperty("reserved").GetInt32()));
        Assert.False(product.TryGetProperty("imageUrl", out _));
    }
}
