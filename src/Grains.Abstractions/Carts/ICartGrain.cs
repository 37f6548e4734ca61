using MarketMicro.Orders;
using Orleans.Concurrency;

namespace MarketMicro.Carts;

[GenerateSerializer, Immutable, Alias("MarketMicro.Carts.CheckoutResult")]
public sealed record CheckoutResult([property: Id(0)] OrderSnapshot Order, [property: Id(1)] bool Created);

/// <summary>A user's one cart, keyed by user id. Also remembers which order each Idempotency-Key produced.</summary>
public interface ICartGrain : IGrainWithGuidKey
{
    Task<CartView> Get();

    /// <summary>Adds to the line's quantity; 404 for unknown products, 409 beyond what is available.</summary>
    Task<CartView> Add(Guid productId, int quantity);

    /// <summary>Sets the line's quantity; 0 removes it.</summary>
    Task<CartView> SetQuantity(Guid productId, int quantity);

    Task<CartView> Remove(Guid productId);

    Task Clear();

    /// <summary>
    /// Turns the cart into an order. With an idempotency key already used, returns that first order and
    /// creates nothing (Created = false). An empty cart answers 400.
    /// </summary>
    Task<CheckoutResult> Checkout(string? idempotencyKey, string? shippingAddress, string? customerEmail);

    /// <summary>
    /// Finishes a checkout that a crash or a timeout interrupted (the recovery sweep asks every cart whose stored
    /// checkout has been pending for a while); true when none is pending any more.
    /// </summary>
    Task<bool> FinishPendingCheckout();

    /// <summary>
    /// The orders this cart placed, oldest first: the buyer's order list. A checkout under way counts once its order
    /// is placed (the order answers that while still placing), so the list can be read in the middle of a checkout.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<Guid>> PlacedOrders();
}
