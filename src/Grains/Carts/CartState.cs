using MarketMicro.Orders;

namespace MarketMicro.Grains.Carts;

[GenerateSerializer, Alias("MarketMicro.Grains.Carts.CartLine")]
public sealed record CartLine([property: Id(0)] Guid ProductId, [property: Id(1)] int Quantity);

[GenerateSerializer, Alias("MarketMicro.Grains.Carts.CompletedCheckout")]
public sealed record CompletedCheckout([property: Id(0)] string IdempotencyKey, [property: Id(1)] Guid OrderId, [property: Id(2)] DateTime At);

[GenerateSerializer, Alias("MarketMicro.Grains.Carts.CartState")]
public sealed class CartState
{
    [Id(0)] public List<CartLine> Lines { get; set; } = [];

    /// <summary>The most recent checkouts made with an Idempotency-Key, newest last.</summary>
    [Id(1)] public List<CompletedCheckout> Checkouts { get; set; } = [];

    /// <summary>A checkout that was under way when this cart last wrote its state.</summary>
    [Id(2)] public Guid? PendingOrderId { get; set; }

    [Id(3)] public string? PendingKey { get; set; }

    /// <summary>The placement request of the pending checkout, to resume it exactly.</summary>
    [Id(4)] public PlaceOrder? PendingRequest { get; set; }
}
