namespace MarketMicro.Products;

/// <summary>
/// One product, keyed by its id. Owns details, price, stock and the units sold to orders not yet final.
/// Stock operations are idempotent by order id: repeating one (after a retry or a crash) changes nothing.
/// </summary>
public interface IProductGrain : IGrainWithGuidKey
{
    /// <summary>The product, or null when it does not exist or was deleted.</summary>
    Task<ProductSnapshot?> Get();

    /// <summary>The product including a soft-deleted one (admin and indexers); null if it never existed.</summary>
    Task<ProductSnapshot?> GetIncludingDeleted();

    /// <summary>The stock balance the invariant auditor checks; null if the product never existed.</summary>
    Task<ProductAudit?> Audit();

    /// <summary>Creates the product with <paramref name="onHand"/> units on the shelf (409 if it exists).</summary>
    Task<ProductSnapshot> Create(ProductDetails details, int onHand);

    /// <summary>
    /// Replaces the details and sets the <paramref name="available"/> units (what readers see as stock). With
    /// <paramref name="expectedVersion"/> the change applies only to that version (412 otherwise); without it, the
    /// details are replaced but a different stock is refused (428), so a stale form can never bring sold units back.
    /// </summary>
    Task<ProductSnapshot> Update(ProductDetails details, int available, long? expectedVersion = null);

    /// <summary>Soft delete: the product vanishes from the catalog; orders that hold it keep their lines.</summary>
    Task Delete(long? expectedVersion = null);

    /// <summary>Sets or moves the units on hand atomically; never below what is reserved, never below zero (409).</summary>
    Task<ProductSnapshot> ChangeInventory(InventoryChange change, long? expectedVersion = null);

    /// <summary>
    /// Sells <paramref name="quantity"/> units to the order being placed, or refuses when fewer are available. Repeating
    /// a granted sale for the same order grants it again without taking more; the order releases what it was sold when
    /// another of its lines is refused.
    /// </summary>
    Task<ReservationResult> Sell(Guid orderId, int quantity);

    /// <summary>
    /// The two-step form of <see cref="Sell"/>, for a hold decided later (placement sells in one step): holds
    /// <paramref name="quantity"/> units for the order, or refuses when fewer are available. Repeating a granted
    /// reservation for the same order grants it again without holding more.
    /// </summary>
    Task<ReservationResult> Reserve(Guid orderId, int quantity);

    /// <summary>Turns the order's reservation into a sale: units on hand go down by the reserved quantity.</summary>
    Task Commit(Guid orderId);

    /// <summary>
    /// Gives the order's units back: drops a reservation, or restocks a committed sale (cancellation).
    /// Unknown or already released orders are ignored.
    /// </summary>
    Task Release(Guid orderId);

    /// <summary>The order can no longer be cancelled (shipped or delivered): forget its committed sale, which stays sold. Idempotent.</summary>
    Task Settle(Guid orderId);
}
