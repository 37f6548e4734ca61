using Orleans.Concurrency;

namespace MarketMicro.Orders;

/// <summary>A request to place an order from a cart's lines (prices are taken from the products at placement).</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Orders.PlaceOrder")]
public sealed record PlaceOrder(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] IReadOnlyList<RequestedLine> Lines,
    [property: Id(2)] string? ShippingAddress,
    [property: Id(3)] string? CustomerEmail);

[GenerateSerializer, Immutable, Alias("MarketMicro.Orders.RequestedLine")]
public sealed record RequestedLine([property: Id(0)] Guid ProductId, [property: Id(1)] int Quantity);

/// <summary>
/// One order, keyed by its id. Runs the placement saga (buy every line from its product; if one is short, give back all), owns the
/// lifecycle and history, and keeps an outbox of events not yet published.
/// </summary>
public interface IOrderGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Places the order: every line sold to it, or none (409 naming the short products).
    /// Repeating it for an order already placed returns that order.
    /// </summary>
    Task<OrderSnapshot> Place(PlaceOrder request);

    /// <summary>
    /// <see cref="Place"/> for a caller that has stored the request itself and asks again after a crash until the
    /// order is placed or refused (the cart's pending checkout, which the recovery sweep also finds): the order does
    /// not store the request before selling, so its first write is the placed (or refused) order.
    /// </summary>
    Task<OrderSnapshot> PlaceStoredRequest(PlaceOrder request);

    /// <summary>The order once placed; null while placing, after a refused placement, or if it never existed.</summary>
    [AlwaysInterleave]
    Task<OrderSnapshot?> Get();

    /// <summary>The status including the saga's internal ones (placing, rejected), for the auditor; null if it never existed.</summary>
    [AlwaysInterleave]
    Task<OrderStatus?> GetStatus();

    /// <summary>Cancels a placed or confirmed order and gives its stock back (409 otherwise; 412 if not that version).</summary>
    Task<OrderSnapshot> Cancel(long? expectedVersion = null);

    /// <summary>Moves the order along its lifecycle (admin); illegal transitions answer 409, another version 412.</summary>
    Task<OrderSnapshot> ChangeStatus(OrderStatus to, long? expectedVersion = null);

    /// <summary>
    /// Finishes what a crash or an outage left undone (the placement saga, stock work, the user's list, events).
    /// Returns true once nothing is left, so that the recovery registry can stop tracking the order.
    /// </summary>
    Task<bool> Recover();
}

/// <summary>
/// The recovery sweep of orders that may owe work after a crash. Every order's row is stamped while it owes work, and
/// the reminder of bucket <see cref="StoredSweepBucket"/> asks each order whose stamp is older than the recovery interval
/// to finish. The buckets (keyed 0..<see cref="Buckets"/>-1) also keep tracking the orders stored before the stamp, each
/// with one durable reminder that asks its older orders to recover.
/// </summary>
public interface IOrderRecoveryGrain : IGrainWithIntegerKey
{
    const int Buckets = 32;

    /// <summary>The bucket whose reminder also sweeps the stored orders that owe work.</summary>
    const long StoredSweepBucket = 0;

    /// <summary>Makes sure the sweep's reminder is registered (every silo asks once it is active).</summary>
    Task StartSweeping();

    /// <summary>Stops tracking (fire and forget: an order left tracked is only asked once more and then dropped).</summary>
    [OneWay]
    Task Untrack(Guid orderId);

    static long BucketOf(Guid orderId) => IdBuckets.Of(orderId, Buckets);
}
