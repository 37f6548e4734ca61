namespace MarketMicro.Products;

/// <summary>
/// A product's stock balance for the invariant auditor. <see cref="Received"/> (initial stock plus every adjustment)
/// equals <see cref="OnHand"/> plus the units sold to orders not cancelled; null for a product stored before the shop
/// counted it. <see cref="Reservations"/> are held by orders being placed, <see cref="OpenSales"/> are sales a
/// cancellation may still restock (settled sales are no longer listed, but stay sold).
/// </summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.ProductAudit")]
public sealed record ProductAudit(
    [property: Id(0)] Guid Id,
    [property: Id(1)] bool Deleted,
    [property: Id(2)] long Version,
    [property: Id(3)] int OnHand,
    [property: Id(4)] long? Received,
    [property: Id(5)] IReadOnlyDictionary<Guid, int> Reservations,
    [property: Id(6)] IReadOnlyDictionary<Guid, int> OpenSales);
