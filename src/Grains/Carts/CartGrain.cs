using MarketMicro.Orders;
using MarketMicro.Carts;
using MarketMicro.Products;

namespace MarketMicro.Grains.Carts;

/// <summary>A user's cart (keyed by user id): a thin shell over the <see cref="Cart"/> aggregate.</summary>
public sealed class CartGrain([PersistentState(StateNames.Cart)] IPersistentState<Cart> state, TimeProvider clock) : Grain, ICartGrain
{
    private Cart Cart => state.State;

    public async Task<CartView> Get()
    {
        await ResumePendingCheckoutAsync();
        return await ViewAsync();
    }

    public async Task<CartView> Add(Guid productId, int quantity)
    {
        await ResumePendingCheckoutAsync();
        return await SetLineAsync(productId, Cart.QuantityAfterAdding(productId, quantity));
    }

    public async Task<CartView> SetQuantity(Guid productId, int quantity)
    {
        await ResumePendingCheckoutAsync();
        Cart.EnsureCanSet(productId, quantity);
        return quantity == 0 ? await Remove(productId) : await SetLineAsync(productId, quantity);
    }

    public async Task<CartView> Remove(Guid productId)
    {
        await ResumePendingCheckoutAsync();
        Cart.Remove(productId);
        await state.WriteStateAsync();
        return await ViewAsync();
    }

    public async Task Clear()
    {
        await ResumePendingCheckoutAsync();
        Cart.Clear();
        await state.WriteStateAsync();
    }

    public async Task<CheckoutResult> Checkout(string? idempotencyKey, string? shippingAddress, string? customerEmail)
    {
        await ResumePendingCheckoutAsync();
        if (Cart.OrderPlacedWith(idempotencyKey) is { } earlierId && await Order(earlierId).Get() is { } earlier)
        {
            return new CheckoutResult(earlier, Created: false);
        }

        var orderId = Guid.NewGuid();
        var request = Cart.BeginCheckout(this.GetPrimaryKey(), orderId, idempotencyKey, shippingAddress, customerEmail);
        await state.WriteStateAsync();
        var order = await PlacePendingAsync(orderId, request);
        return new CheckoutResult(order, Created: true);
    }

    /// <summary>
    /// A checkout interrupted by a crash or a timeout is finished before anything else touches the cart: the order is
    /// asked to place itself again (idempotent by order id), so the cart is emptied exactly when that order exists, and
    /// a second checkout can never place the same lines twice.
    /// </summary>
    private async Task ResumePendingCheckoutAsync()
    {
        if (Cart.Pending is { } pending)
        {
            try
            {
                await PlacePendingAsync(pending.OrderId, pending.Request);
            }
            catch (DomainException)
            {
                // The order refused; the cart keeps its lines and the caller goes on.
            }
        }
    }

    /// <summary>Places the pending order, then completes or abandons the checkout and stores the outcome.</summary>
    private async Task<OrderSnapshot> PlacePendingAsync(Guid orderId, PlaceOrder request)
    {
        OrderSnapshot order;
        try
        {
            order = await Order(orderId).Place(request);
        }
        catch (DomainException)
        {
            Cart.AbandonCheckout();
            await state.WriteStateAsync();
            throw;
        }

        Cart.CompleteCheckout(clock.GetUtcNow().UtcDateTime);
        await state.WriteStateAsync();
        return order;
    }

    private async Task<CartView> SetLineAsync(Guid productId, int quantity)
    {
        Cart.SetLine(productId, quantity, await Product(productId).Get());
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
        return new CartView(items, products.FirstOrDefault(p => p is not null)?.Currency ?? Money.DefaultCurrency);
    }

    private IProductGrain Product(Guid productId) => GrainFactory.GetGrain<IProductGrain>(productId);

    private IOrderGrain Order(Guid orderId) => GrainFactory.GetGrain<IOrderGrain>(orderId);
}
