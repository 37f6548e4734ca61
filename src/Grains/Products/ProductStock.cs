using MarketMicro.Products;
namespace MarketMicro.Grains.Products;

/// <summary>
/// A product's stock and the orders holding part of it. Plain rules, no Orleans: every operation is idempotent by
/// order id; <see cref="OnHand"/> never goes below zero nor below what is reserved, and an admin never sets
/// it above <see cref="ProductLimits.MaxStock"/>; every sum of units is computed without overflow.
/// </summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Products.ProductStock")]
public sealed class ProductStock
{
    // Fields, not properties with private setters: the Orleans serializer persists [Id] fields directly.
    [Id(0)] private int onHand;
    [Id(1)] private Dictionary<Guid, int> reservations = [];
    [Id(2)] private Dictionary<Guid, int> sales = [];

    // Null in a state stored before the counter existed: its history is unknown, and stays so.
    [Id(3)] private long? received;

    /// <summary>Units on the shelf (sold units already taken off).</summary>
    public int OnHand => onHand;

    /// <summary>Units held by orders being placed, by order id.</summary>
    public IReadOnlyDictionary<Guid, int> Reservations => reservations;

    /// <summary>Units sold to orders not yet final, by order id; a cancellation puts them back.</summary>
    public IReadOnlyDictionary<Guid, int> Sales => sales;

    /// <summary>
    /// Units ever put on the shelf: the initial stock plus every adjustment, never touched by reservations, sales or
    /// restocks. So <c>Received = OnHand + units sold to orders not cancelled</c> (settled or not); null when unknown.
    /// </summary>
    public long? Received => received;

    /// <summary>Units held by orders being placed (never more than on hand, so it fits an int).</summary>
    public int Reserved => checked((int)reservations.Values.Sum(units => (long)units));

    /// <summary>Units that can be bought now.</summary>
    public int Available => Math.Max(0, OnHand - Reserved);

    public static ProductStock WithOnHand(int onHand)
    {
        var stock = new ProductStock { received = 0 };
        stock.SetOnHand(onHand);
        return stock;
    }

    /// <summary>Holds units for an order. Returns false (holding nothing) when fewer are available.</summary>
    public bool TryReserve(Guid orderId, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (reservations.TryGetValue(orderId, out var held))
        {
            return held == quantity
                ? true
                : throw new ConflictException($"Order {orderId} already holds {held} units, not {quantity}.");
        }

        if (sales.ContainsKey(orderId))
        {
            return true;
        }

        if (Available < quantity)
        {
            return false;
        }

        reservations[orderId] = quantity;
        return true;
    }

    /// <summary>
    /// Sells units to an order in one step: a reservation and its commit. Returns false (taking nothing) when fewer are
    /// available. Repeating a sale for the same order grants it again without taking more, and a reservation an order
    /// left before a restart becomes its sale.
    /// </summary>
    public bool TrySell(Guid orderId, int quantity)
    {
        if (!TryReserve(orderId, quantity))
        {
            return false;
        }

        Commit(orderId);
        return true;
    }

    /// <summary>Turns a reservation into a sale. Returns whether anything changed.</summary>
    public bool Commit(Guid orderId)
    {
        if (sales.ContainsKey(orderId))
        {
            return false;
        }

        if (!reservations.Remove(orderId, out var quantity))
        {
            throw new ConflictException($"Order {orderId} holds no reservation to commit.");
        }

        onHand = checked(onHand - quantity);
        sales[orderId] = quantity;
        return true;
    }

    /// <summary>Drops a reservation or restocks a sale. Returns whether anything changed.</summary>
    public bool Release(Guid orderId)
    {
        if (reservations.Remove(orderId))
        {
            return true;
        }

        if (sales.Remove(orderId, out var sold))
        {
            // A cancellation is never refused, so a restock saturates instead of overflowing. Reaching the cap takes
            // an admin setting the maximum stock twice with a billion units sold in between.
            onHand = (int)Math.Min(int.MaxValue, (long)onHand + sold);
            return true;
        }

        return false;
    }

    /// <summary>Forgets a final sale. Returns whether anything changed.</summary>
    public bool Settle(Guid orderId) => sales.Remove(orderId);

    /// <summary>Sets the units on hand; refused below zero or above the limit (400) and below what is reserved (409).</summary>
    public void SetOnHand(long value)
    {
        if (value is < 0 or > ProductLimits.MaxStock)
        {
            throw new ValidationException("stock", $"Stock must be between 0 and {ProductLimits.MaxStock}.");
        }

        if (value < Reserved)
        {
            throw new ConflictException($"Stock cannot go below the {Reserved} units reserved by orders being placed.");
        }

        received += value - onHand;
        onHand = (int)value;
    }

    /// <summary>Sets what can be bought now: the units on hand become that plus what is reserved.</summary>
    public void SetAvailable(long available)
    {
        if (available is < 0 or > ProductLimits.MaxStock)
        {
            throw new ValidationException("stock", $"Stock must be between 0 and {ProductLimits.MaxStock}.");
        }

        SetOnHand(available + Reserved);
    }

    /// <summary>Moves the units on hand by a delta, atomically with respect to reservations.</summary>
    public void Adjust(int delta)
    {
        var target = (long)OnHand + delta;
        if (target < 0)
        {
            throw new ConflictException($"Stock cannot go below zero: {OnHand} on hand, delta {delta}.");
        }

        if (target > ProductLimits.MaxStock)
        {
            throw new ValidationException("delta", $"Stock cannot exceed {ProductLimits.MaxStock}.");
        }

        SetOnHand(target);
    }
}
