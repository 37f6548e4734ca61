namespace MarketMicro.Products;

/// <summary>The answer to a reservation: granted, or refused with what is available now.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Products.ReservationResult")]
public sealed record ReservationResult(
    [property: Id(0)] bool Granted,
    [property: Id(1)] int Available,
    [property: Id(2)] string Name,
    [property: Id(3)] decimal UnitPrice,
    [property: Id(4)] string Currency);
