using MarketMicro.Products;
using MarketMicro.Events;

namespace MarketMicro.Grains.Products;

/// <summary>
/// The product aggregate: details, stock and the events its changes produce. Plain C#: each step checks its rules,
/// changes the state, and records the event it produced in <see cref="Outbox"/> (stored in the same write).
/// </summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Products.Product")]
public sealed class Product
{
    [Id(0)] public Guid Id { get; set; }

    [Id(1)] public bool Exists { get; set; }

    [Id(2)] public bool Deleted { get; set; }

    [Id(3)] public ProductDetails Details { get; set; } = new(string.Empty, string.Empty, 0m, string.Empty, null);

    [Id(4)] public ProductStock Stock { get; set; } = new();

    [Id(5)] public DateTime CreatedAt { get; set; }

    [Id(6)] public DateTime UpdatedAt { get; set; }

    /// <summary>Grows with every change that readers see; projections keep the newest.</summary>
    [Id(7)] public long Version { get; set; }

    /// <summary>Events stored with the change that caused them, until published.</summary>
    [Id(8)] public List<ShopEvent> Outbox { get; set; } = [];

    public bool IsLive => Exists && !Deleted;

    public ShopEvent Create(Guid id, ProductDetails details, int onHand, DateTime now)
    {
        if (Exists)
        {
            throw new ConflictException($"Product {id} already exists.");
        }

        var validated = ProductRules.Validated(details);
        var stock = ProductStock.WithOnHand(onHand);
        (Id, Exists, Details, Stock, CreatedAt) = (id, true, validated, stock, now);
        return Record(now, at => new ProductChanged(Guid.NewGuid(), at, Snapshot()));
    }

    /// <summary>
    /// Replaces the details and sets the available units. A stock change must name the version it was read at: without
    /// one, only the same stock is accepted, so a form read before a sale can never bring the sold units back.
    /// </summary>
    public ShopEvent Update(ProductDetails details, int available, long? expectedVersion, DateTime now)
    {
        EnsureLive();
        Versions.EnsureMatches(expectedVersion, Version, $"Product {Id}");
        var validated = ProductRules.Validated(details);
        if (available != Stock.Available)
        {
            if (expectedVersion is null)
            {
                throw new PreconditionRequiredException(
                    $"The stock changed to {Stock.Available} since it was read, or is being changed: send If-Match with the product's ETag (or use the inventory route).");
            }

            Stock.SetAvailable(available);
        }

        Details = validated;
        return Record(now, at => new ProductChanged(Guid.NewGuid(), at, Snapshot()));
    }

    public ShopEvent Delete(long? expectedVersion, DateTime now)
    {
        EnsureLive();
        Versions.EnsureMatches(expectedVersion, Version, $"Product {Id}");
        Deleted = true;
        return Record(now, at => new ProductDeleted(Guid.NewGuid(), at, Id, Version));
    }

    public ShopEvent ChangeInventory(InventoryChange change, long? expectedVersion, DateTime now)
    {
        EnsureLive();
        Versions.EnsureMatches(expectedVersion, Version, $"Product {Id}");
        switch (change)
        {
            case { OnHand: { } onHand, Delta: null }:
                Stock.SetOnHand(onHand);
                break;
            case { OnHand: null, Delta: { } delta }:
                Stock.Adjust(delta);
                break;
            default:
                throw new ValidationException("stock", "Give exactly one of 'stock' or 'delta'.");
        }

        return StockChanged(now);
    }

    /// <summary>Holds units for an order; <c>Changed</c> says whether there is anything new to store.</summary>
    public (ReservationResult Result, bool Changed) Reserve(Guid orderId, int quantity)
    {
        EnsureLive();
        var held = Stock.Reservations.Count;
        var granted = Stock.TryReserve(orderId, quantity);
        return (Answer(granted), granted && Stock.Reservations.Count != held);
    }

    /// <summary>The order's reservation becomes a sale; null when it already was one.</summary>
    public ShopEvent? Commit(Guid orderId, DateTime now) => Stock.Commit(orderId) ? StockChanged(now) : null;

    /// <summary>
    /// Sells units to an order being placed (idempotent by order id); the order releases them again if another of its
    /// lines is short. The event is null when nothing changed (refused, or sold before).
    /// </summary>
    public (ReservationResult Result, ShopEvent? Event) Sell(Guid orderId, int quantity, DateTime now)
    {
        EnsureLive();
        var onHand = Stock.OnHand;
        var granted = Stock.TrySell(orderId, quantity);
        return (Answer(granted), Stock.OnHand != onHand ? StockChanged(now) : null);
    }

    private ReservationResult Answer(bool granted) => new(granted, Stock.Available, Details.Name, Details.Price, Details.Currency);

    /// <summary>
    /// Gives an order's units back. A dropped reservation changes nothing readers see (no event); a restocked sale
    /// does. <c>Changed</c> says whether there is anything to store.
    /// </summary>
    public (bool Changed, ShopEvent? Event) Release(Guid orderId, DateTime now)
    {
        var onHand = Stock.OnHand;
        if (!Stock.Release(orderId))
        {
            return (false, null);
        }

        return (true, Stock.OnHand != onHand ? StockChanged(now) : null);
    }

    /// <summary>Forgets a final sale; returns whether anything changed.</summary>
    public bool Settle(Guid orderId) => Stock.Settle(orderId);

    /// <summary>A copy for readers: nothing in it is shared with this state.</summary>
    public ProductSnapshot Snapshot() =>
        new(Id, Details, Stock.OnHand, Stock.Reserved, CreatedAt, UpdatedAt, Deleted, Version);

    /// <summary>The stock balance the auditor checks, copied so that nothing in it is shared with this state.</summary>
    public ProductAudit Audit() => new(
        Id, Deleted, Version, Stock.OnHand, Stock.Received, Stock.Reservations.ToDictionary(), Stock.Sales.ToDictionary());

    /// <summary>
    /// Of stock changes that follow one another in the outbox, keeps only the newest (call before storing, with nothing
    /// in the outbox published yet): each carries the whole product and readers keep the newest version, so a busy
    /// product that sold to many orders in one write publishes one event for them, not one each.
    /// </summary>
    public void CollapseStockChanges()
    {
        for (var i = Outbox.Count - 2; i >= 0; i--)
        {
            if (Outbox[i] is StockChanged && Outbox[i + 1] is StockChanged)
            {
                Outbox.RemoveAt(i);
            }
        }
    }

    private ShopEvent StockChanged(DateTime now) => Record(now, at => new StockChanged(Guid.NewGuid(), at, Snapshot()));

    private ShopEvent Record(DateTime now, Func<DateTime, ShopEvent> describe)
    {
        UpdatedAt = now;
        Version++;
        var produced = describe(now);
        Outbox.Add(produced);
        return produced;
    }

    private void EnsureLive()
    {
        if (!IsLive)
        {
            throw new NotFoundException($"Product {Id} does not exist.");
        }
    }
}
