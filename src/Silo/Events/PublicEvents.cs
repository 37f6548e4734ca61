using System.Text.Json;
using System.Text.Json.Serialization;
using MarketMicro.Events;
using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Silo.Events;

/// <summary>
/// The shop's events as any AMQP client reads them: JSON with <c>type</c> (also the routing key), <c>id</c>,
/// <c>occurredAt</c>, <c>version</c> (of the order or product after the change) and <c>payload</c>. This is a public
/// contract for other services (notifications, payments, analytics): add fields, never rename or remove them.
/// </summary>
public static class PublicEvents
{
    public const string ContentType = "application/json";

    /// <summary>The routing keys, one per event type.</summary>
    public static readonly IReadOnlyList<string> Types =
        ["order.placed", "order.status-changed", "order.cancelled", "product.changed", "product.deleted", "stock.changed"];

    private static readonly JsonSerializerOptions Json = CreateOptions();

    public static PublicEvent Describe(ShopEvent shopEvent) => new(
        shopEvent.Type,
        shopEvent.Id,
        DateTime.SpecifyKind(shopEvent.OccurredAt, DateTimeKind.Utc),
        VersionOf(shopEvent),
        Payload(shopEvent));

    public static byte[] Serialize(ShopEvent shopEvent) => JsonSerializer.SerializeToUtf8Bytes(Describe(shopEvent), Json);

    /// <summary>
    /// Reads a catalog event back into the product as it stands after it (a deleted product comes back with
    /// <c>Deleted</c> set and its version): what a search replica needs. False for any other event.
    /// </summary>
    public static bool TryReadProduct(ReadOnlySpan<byte> json, out ProductSnapshot product)
    {
        product = null!;
        var envelope = JsonSerializer.Deserialize<JsonElement>(json, Json);
        var version = envelope.GetProperty("version").GetInt64();
        var payload = envelope.GetProperty("payload");
        switch (envelope.GetProperty("type").GetString())
        {
            case "product.changed" or "stock.changed":
                var p = payload.GetProperty("product").Deserialize<PublicProduct>(Json)!;
                product = new ProductSnapshot(
                    p.Id, new ProductDetails(p.Name, p.Description, p.Price, p.Category, p.ImageUrl, p.Currency),
                    p.OnHand, p.Reserved, p.CreatedAt, p.UpdatedAt, Deleted: false, version);
                return true;
            case "product.deleted":
                product = ProductSnapshot.Removed(payload.GetProperty("productId").GetGuid(), version);
                return true;
            default:
                return false;
        }
    }

    private static long VersionOf(ShopEvent shopEvent) => shopEvent switch
    {
        OrderEvent order => order.Order.Version,
        ProductChanged changed => changed.Product.Version,
        StockChanged stock => stock.Product.Version,
        ProductDeleted deleted => deleted.Version,
        _ => 0,
    };

    private static object Payload(ShopEvent shopEvent) => shopEvent switch
    {
        OrderPlaced placed => new { order = PublicOrder.From(placed.Order) },
        OrderStatusChanged changed => new { order = PublicOrder.From(changed.Order), from = OrderStatuses.Name(changed.From), to = OrderStatuses.Name(changed.To) },
        OrderCancelled cancelled => new { order = PublicOrder.From(cancelled.Order), from = OrderStatuses.Name(cancelled.From) },
        ProductChanged changed => new { product = PublicProduct.From(changed.Product) },
        StockChanged stock => new { product = PublicProduct.From(stock.Product) },
        ProductDeleted deleted => new { productId = deleted.ProductId },
        _ => new { },
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.Converters.Add(new MoneyJsonConverter());
        return options;
    }
}

/// <summary>The envelope every public event has.</summary>
public sealed record PublicEvent(string Type, Guid Id, DateTime OccurredAt, long Version, object Payload);

public sealed record PublicOrderLine(Guid ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

/// <summary>An order in a public event: what the order API shows, plus the customer's email for notifications.</summary>
public sealed record PublicOrder(
    Guid Id, Guid UserId, string? CustomerEmail, string Status, IReadOnlyList<PublicOrderLine> Items, decimal Total, string Currency,
    string? ShippingAddress, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static PublicOrder From(OrderSnapshot order) => new(
        order.Id, order.UserId, order.CustomerEmail, OrderStatuses.Name(order.Status),
        order.Lines.Select(line => new PublicOrderLine(line.ProductId, line.Name, line.UnitPrice, line.Quantity, line.LineTotal)).ToList(),
        order.Total, order.Currency, order.ShippingAddress, Utc(order.CreatedAt), Utc(order.UpdatedAt));

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}

/// <summary>A product in a public event: <c>stock</c> is what can be bought (as in the API), with on hand and reserved.</summary>
public sealed record PublicProduct(
    Guid Id, string Name, string Description, decimal Price, string Currency, string Category, int Stock, int OnHand, int Reserved,
    bool InStock, string? ImageUrl, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static PublicProduct From(ProductSnapshot p) => new(
        p.Id, p.Name, p.Description, p.Price, p.Currency, p.Category, p.Available, p.OnHand, p.Reserved, p.InStock, p.ImageUrl,
        DateTime.SpecifyKind(p.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(p.UpdatedAt, DateTimeKind.Utc));
}
