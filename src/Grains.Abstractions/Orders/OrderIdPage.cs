namespace MarketMicro.Orders;

/// <summary>A page of a user's order ids, newest first, and how many there are in all.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Orders.OrderIdPage")]
public sealed record OrderIdPage([property: Id(0)] IReadOnlyList<Guid> OrderIds, [property: Id(1)] int Total);
