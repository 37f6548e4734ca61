namespace MarketMicro.Grains.Products;

/// <summary>
/// A product's stock and the orders holding part of it. Plain rules, no Orleans: every operation is
/// idempotent by order id, and <see cref="OnHand"/> never goes below zero nor below what is reserved.
/// </summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Products.ProductStock")]
public sealed class ProductStock
{
    // Fields, not properties with private setters: the Orleans serializer persists [Id] fields directly.
    [Id(0)] private int onHand;
    [Id(1)] private Dictionary<Guid, int> reservations = [];
    [Id(2)] private Dictionary<Guid, int> sales = [];

    /// <summary>Units on the shelf (sold units already taken off).</summary>
    public int OnHand => onHand;

    /// <summary>Units held by orders being placed, by order id.</summary>
    public IReadOnlyDictionary<Guid, int> Reservations => reservations;

    /// <summary>Units sold to orders not yet final, by order id; a cancellation puts them back.</summary>
    public IReadOnlyDictionary<Guid, int> Sales => sales;

    public int Reserved => Reservations.Values.Sum();

    public int Available => Math.Max(0, OnHand - Reserved);

    public static ProductStock WithOnHand(int onHand)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onHand);
        return new ProductStock { onHand = onHand };
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

        onHand -= quantity;
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
            onHand += sold;
            return true;
        }

        return false;
    }

    /// <summary>Forgets a final sale. Returns whether anything changed.</summary>
    public bool Settle(Guid orderId) => sales.Remove(orderId);

    /// <summary>Sets the units on hand; refused below what is reserved.</summary>
    public void SetOnHand(int onHand)
    {
        if (onHand < 0)
        {
            throw new ValidationException("stock", "Stock cannot be negative.");
        }

        if (onHand < Reserved)
        {
            throw new ConflictException($"Stock cannot go below the {Reserved} units reserved by orders being placed.");
        }

        this.onHand = onHand;
    }

    /// <summary>Moves the units on hand by a delta, atomically with respect to reservations.</summary>
    public void Adjust(int delta)
    {
        var target = (long)OnHand + delta;
        if (target > int.MaxValue)
        {
            throw new ValidationException("delta", $"Stock cannot exceed {int.MaxValue}.");
        }

        if (target < 0)
        {
            throw new ConflictException($"Stock cannot go below zero: {OnHand} on hand, delta {delta}.");
        }

        SetOnHand((int)target);
    }
}
