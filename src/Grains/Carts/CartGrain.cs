using MarketMicro.Carts;
using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Grains.Carts;

/// <summary>A user's cart (keyed by user id) and the Idempotency-Key → order map of its checkouts.</summary>
public sealed class CartGrain([PersistentState("cart")] IPersistentState<CartState> state, TimeProvider clock) : Grain, ICartGrain
{
    private const int RememberedCheckouts = 50;

    private CartState Cart => state.State;

    public async Task<CartView> Get()
    {
        await ReconcilePendingCheckoutAsync();
        return await ViewAsync();
    }

    public async Task<CartView> Add(Guid productId, int quantity)
    {
        EnsureQuantity(quantity, minimum: 1);
        await ReconcilePendingCheckoutAsync();
        var existing = Cart.Lines.Find(line => line.ProductId == productId);
        if (existing is null && Cart.Lines.Count >= CartLimits.MaxLines)
        {
            throw new ValidationException("productId", $"A cart may hold at most {CartLimits.MaxLines} different products.");
        }

        return await SetLineAsync(productId, (existing?.Quantity ?? 0) + quantity);
    }

    public async Task<CartView> SetQuantity(Guid productId, int quantity)
    {
        EnsureQuantity(quantity, minimum: 0);
        await ReconcilePendingCheckoutAsync();
        if (!Cart.Lines.Exists(line => line.ProductId == productId))
        {
            throw new NotFoundException($"Product {productId} is not in the cart.");
        }

        return quantity == 0 ? await Remove(productId) : await SetLineAsync(productId, quantity);
    }

    public async Task<CartView> Remove(Guid productId)
    {
        await ReconcilePendingCheckoutAsync();
        if (Cart.Lines.RemoveAll(line => line.ProductId == productId) == 0)
        {
            throw new NotFoundException($"Product {productId} is not in the cart.");
        }

        await state.WriteStateAsync();
        return await ViewAsync();
    }

    public async Task Clear()
    {
        await ReconcilePendingCheckoutAsync();
        Cart.Lines.Clear();
        await state.WriteStateAsync();
    }

    public async Task<CheckoutResult> Checkout(string? idempotencyKey, string? shippingAddress, string? customerEmail)
    {
        await ReconcilePendingCheckoutAsync();
        if (idempotencyKey is not null && Cart.Checkouts.Find(c => c.IdempotencyKey == idempotencyKey) is { } earlier
            && await Order(earlier.OrderId).Get() is { } earlierOrder)
        {
            return new CheckoutResult(earlierOrder, Created: false);
        }

        if (Cart.Lines.Count == 0)
        {
            throw new ValidationException("cart", "The cart is empty.");
        }

        var orderId = Guid.NewGuid();
        var lines = Cart.Lines.Select(line => new RequestedLine(line.ProductId, line.Quantity)).ToList();
        var request = new PlaceOrder(this.GetPrimaryKey(), lines, shippingAddress, customerEmail);
        Cart.PendingOrderId = orderId;
        Cart.PendingKey = idempotencyKey;
        Cart.PendingRequest = request;
        await state.WriteStateAsync();

        OrderSnapshot order;
        try
        {
            order = await Order(orderId).Place(request);
        }
        catch (DomainException)
        {
            ForgetPendingCheckout();
            await state.WriteStateAsync();
            throw;
        }

        CompleteCheckout(orderId, idempotencyKey);
        await state.WriteStateAsync();
        return new CheckoutResult(order, Created: true);
    }

    /// <summary>
    /// A checkout interrupted by a crash or a timeout is finished before anything else touches the cart:
    /// the order is asked to place itself again (idempotent by order id), so the cart is emptied exactly when
    /// that order exists, and a second checkout can never place the same lines twice.
    /// </summary>
    private async Task ReconcilePendingCheckoutAsync()
    {
        if (Cart.PendingOrderId is not { } orderId || Cart.PendingRequest is not { } request)
        {
            return;
        }

        try
        {
            await Order(orderId).Place(request);
            CompleteCheckout(orderId, Cart.PendingKey);
        }
        catch (DomainException)
        {
            ForgetPendingCheckout();
        }

        await state.WriteStateAsync();
    }

    private void ForgetPendingCheckout()
    {
        Cart.PendingOrderId = null;
        Cart.PendingKey = null;
        Cart.PendingRequest = null;
    }

    private void CompleteCheckout(Guid orderId, string? idempotencyKey)
    {
        Cart.Lines.Clear();
        ForgetPendingCheckout();
        if (idempotencyKey is null)
        {
            return;
        }

        Cart.Checkouts.Add(new CompletedCheckout(idempotencyKey, orderId, clock.GetUtcNow().UtcDateTime));
        if (Cart.Checkouts.Count > RememberedCheckouts)
        {
            Cart.Checkouts.RemoveRange(0, Cart.Checkouts.Count - RememberedCheckouts);
        }
    }

    private async Task<CartView> SetLineAsync(Guid productId, int quantity)
    {
        var product = await Product(productId).Get() ?? throw new NotFoundException($"Product {productId} does not exist.");
        if (quantity > product.Available)
        {
            throw new ConflictException($"Only {product.Available} of '{product.Name}' are available.", [productId.ToString()]);
        }

        var index = Cart.Lines.FindIndex(line => line.ProductId == productId);
        if (index >= 0)
        {
            Cart.Lines[index] = new CartLine(productId, quantity);
        }
        else
        {
            Cart.Lines.Add(new CartLine(productId, quantity));
        }

        await state.WriteStateAsync();
        return await ViewAsync();
    }

    /// <summary>The lines with each product's current name and price; products deleted since are left out.</summary>
    private async Task<CartView> ViewAsync()
    {
        var products = await Task.WhenAll(Cart.Lines.Select(line => Product(line.ProductId).Get()));
        var items = Cart.Lines.Zip(products)
            .Where(pair => pair.Second is not null)
            .Select(pair => new CartLineView(pair.First.ProductId, pair.Second!.Name, pair.Second.Price, pair.First.Quantity))
            .ToList();
        return new CartView(items, products.FirstOrDefault(p => p is not null)?.Currency ?? "USD");
    }

    private static void EnsureQuantity(int quantity, int minimum)
    {
        if (quantity < minimum || quantity > CartLimits.MaxQuantity)
        {
            throw new ValidationException("quantity", $"Quantity must be between {minimum} and {CartLimits.MaxQuantity}.");
        }
    }

    private IProductGrain Product(Guid productId) => GrainFactory.GetGrain<IProductGrain>(productId);

    private IOrderGrain Order(Guid orderId) => GrainFactory.GetGrain<IOrderGrain>(orderId);
}
