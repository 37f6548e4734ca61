using MarketMicro.Orders;
using MarketMicro.Carts;
using MarketMicro.Products;

namespace MarketMicro.Grains.Carts;

[GenerateSerializer, Immutable, Alias("MarketMicro.Grains.Carts.CartLine")]
public sealed record CartLine([property: Id(0)] Guid ProductId, [property: Id(1)] int Quantity);

[GenerateSerializer, Immutable, Alias("MarketMicro.Grains.Carts.CompletedCheckout")]
public sealed record CompletedCheckout([property: Id(0)] string IdempotencyKey, [property: Id(1)] Guid OrderId, [property: Id(2)] DateTime At);

/// <summary>A checkout under way: the order it places, the key it was asked with, and the exact request to resume.</summary>
[GenerateSerializer, Immutable, Alias("MarketMicro.Grains.Carts.PendingCheckout")]
public sealed record PendingCheckout([property: Id(0)] Guid OrderId, [property: Id(1)] string? IdempotencyKey, [property: Id(2)] PlaceOrder Request);

/// <summary>
/// The cart aggregate: its lines, the checkout under way, and the Idempotency-Key → order map of recent checkouts.
/// Plain C#: the grain looks products up and places orders; the cart decides what is allowed.
/// </summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Carts.Cart")]
public sealed class Cart : IOwesWork
{
    /// <summary>How many keyed checkouts are remembered for replay.</summary>
    public const int RememberedCheckouts = 50;

    [Id(0)] public List<CartLine> Lines { get; set; } = [];

    /// <summary>The most recent checkouts made with an Idempotency-Key, newest last.</summary>
    [Id(1)] public List<CompletedCheckout> Checkouts { get; set; } = [];

    /// <summary>
    /// A checkout that was under way when this cart last stored its state. The order does not store the request
    /// before it sells (<c>IOrderGrain.PlaceStoredRequest</c>): this is the request's one durable copy, so the row is
    /// stamped as owing work while it is pending, and the recovery sweep finishes it after a crash.
    /// </summary>
    [Id(2)] public PendingCheckout? Pending { get; set; }

    bool IOwesWork.OwesWork => Pending is not null;

    /// <summary>
    /// Every order this cart placed, oldest first: the buyer's order list. Stored with the write that completes the
    /// checkout, so it holds an order exactly when the cart no longer holds that checkout as pending.
    /// </summary>
    [Id(3)] public List<Guid> PlacedOrders { get; set; } = [];

    /// <summary>The line's quantity after adding <paramref name="quantity"/>; the limits apply to that total.</summary>
    public int QuantityAfterAdding(Guid productId, int quantity)
    {
        EnsureQuantity(quantity, minimum: 1);
        var existing = Lines.Find(line => line.ProductId == productId);
        if (existing is null && Lines.Count >= CartLimits.MaxLines)
        {
            throw new ValidationException("productId", $"A cart may hold at most {CartLimits.MaxLines} different products.");
        }

        var total = (long)(existing?.Quantity ?? 0) + quantity;
        return total <= CartLimits.MaxQuantity
            ? (int)total
            : throw new ValidationException("quantity", $"A cart may hold at most {CartLimits.MaxQuantity} units of one product; it holds {existing!.Quantity}.");
    }

    /// <summary>Checks a quantity to set on a line that must already be in the cart (0 removes it).</summary>
    public void EnsureCanSet(Guid productId, int quantity)
    {
        EnsureQuantity(quantity, minimum: 0);
        if (!Lines.Exists(line => line.ProductId == productId))
        {
            throw new NotFoundException($"Product {productId} is not in the cart.");
        }
    }

    /// <summary>Sets a line to a quantity the product can supply now; unknown or deleted products are 404, too few units 409.</summary>
    public void SetLine(Guid productId, int quantity, ProductSnapshot? product)
    {
        if (product is null)
        {
            throw new NotFoundException($"Product {productId} does not exist.");
        }

        if (quantity > product.Available)
        {
            throw new ConflictException($"Only {product.Available} of '{product.Name}' are available.", [productId.ToString()]);
        }

        var index = Lines.FindIndex(line => line.ProductId == productId);
        if (index >= 0)
        {
            Lines[index] = new CartLine(productId, quantity);
        }
        else
        {
            Lines.Add(new CartLine(productId, quantity));
        }
    }

    public void Remove(Guid productId)
    {
        if (Lines.RemoveAll(line => line.ProductId == productId) == 0)
        {
            throw new NotFoundException($"Product {productId} is not in the cart.");
        }
    }

    public void Clear() => Lines.Clear();

    /// <summary>Drops the lines of products that no longer exist; returns what was dropped.</summary>
    public IReadOnlyList<CartNotice> DropGone(IReadOnlyCollection<Guid> goneProducts)
    {
        var dropped = Lines.Where(line => goneProducts.Contains(line.ProductId))
            .Select(line => new CartNotice(line.ProductId, $"Product {line.ProductId} is no longer sold and was removed from the cart."))
            .ToList();
        Lines.RemoveAll(line => goneProducts.Contains(line.ProductId));
        return dropped;
    }

    /// <summary>The order an earlier checkout with this key placed, if it is still remembered.</summary>
    public Guid? OrderPlacedWith(string? idempotencyKey) =>
        idempotencyKey is null ? null : Checkouts.Find(c => c.IdempotencyKey == idempotencyKey)?.OrderId;

    /// <summary>Starts a checkout of every line into a new order; the request is kept until the order answers.</summary>
    public PlaceOrder BeginCheckout(Guid userId, Guid orderId, string? idempotencyKey, string? shippingAddress, string? customerEmail)
    {
        if (Lines.Count == 0)
        {
            throw new ValidationException("cart", "The cart is empty.");
        }

        var request = new PlaceOrder(userId, Lines.Select(line => new RequestedLine(line.ProductId, line.Quantity)).ToList(), shippingAddress, customerEmail);
        Pending = new PendingCheckout(orderId, idempotencyKey, request);
        return request;
    }

    /// <summary>The pending order exists: the cart is emptied, the order listed and its key remembered.</summary>
    public void CompleteCheckout(DateTime now)
    {
        if (Pending is not { } pending)
        {
            return;
        }

        Lines.Clear();
        Pending = null;
        if (!PlacedOrders.Contains(pending.OrderId))
        {
            PlacedOrders.Add(pending.OrderId);
        }

        if (pending.IdempotencyKey is not { } key)
        {
            return;
        }

        Checkouts.Add(new CompletedCheckout(key, pending.OrderId, now));
        if (Checkouts.Count > RememberedCheckouts)
        {
            Checkouts.RemoveRange(0, Checkouts.Count - RememberedCheckouts);
        }
    }

    /// <summary>The pending order was refused: the cart keeps its lines.</summary>
    public void AbandonCheckout() => Pending = null;

    private static void EnsureQuantity(int quantity, int minimum)
    {
        if (quantity < minimum || quantity > CartLimits.MaxQuantity)
        {
            throw new ValidationException("quantity", $"quantity must be between {minimum} and {CartLimits.MaxQuantity}.");
        }
    }
}
