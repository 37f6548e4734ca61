using MarketMicro.Orders;
using MarketMicro.Carts;
using MarketMicro.Products;
using MarketMicro.Grains.Orders;
using MarketMicro.Grains.Products;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMicro.Grains.Carts;

/// <summary>A user's cart (keyed by user id): a thin shell over the <see cref="Cart"/> aggregate.</summary>
public sealed class CartGrain(
    [PersistentState(StateNames.Cart)] IPersistentState<Cart> state,
    ProductSnapshotCache shown,
    TimeProvider clock,
    IOptions<OrderOptions> orderOptions,
    ILogger<CartGrain> logger) : Grain, ICartGrain
{
    private CoalescedWrite writes = null!;

    private Cart Cart => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        writes = new CoalescedWrite(() => state.WriteStateAsync(), DeactivateOnIdle);
        return Task.CompletedTask;
    }

    /// <summary>A completed checkout still being stored goes to the store before the activation does.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        writes.WhenStoredAsync(LogCheckoutNotStored);

    public async Task<CartView> Get()
    {
        await ResumePendingCheckoutAsync();
        return await ViewAsync();
    }

    public async Task<CartView> Add(Guid productId, int quantity)
    {
        await ResumePendingCheckoutAsync();
        if (Cart.Lines.Count >= CartLimits.MaxLines)
        {
            // Deleted products must not take up places in a full cart.
            await CurrentLinesAsync(askEveryProduct: true);
        }

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
        await writes.WriteAsync();
        return await ViewAsync();
    }

    public async Task Clear()
    {
        await ResumePendingCheckoutAsync();
        Cart.Clear();
        await writes.WriteAsync();
    }

    public async Task<CheckoutResult> Checkout(string? idempotencyKey, string? shippingAddress, string? customerEmail)
    {
        await ResumePendingCheckoutAsync();
        if (Cart.OrderPlacedWith(idempotencyKey) is { } earlierId && await Order(earlierId).Get() is { } earlier)
        {
            return new CheckoutResult(earlier, Created: false);
        }

        // Never fails on something the cart does not show: deleted products leave the cart first (as their grains say).
        var (products, _) = await CurrentLinesAsync(askEveryProduct: true);
        var orderId = Guid.NewGuid();
        var request = Cart.BeginCheckout(this.GetPrimaryKey(), orderId, idempotencyKey, shippingAddress, customerEmail);
        RefuseWhatIsSoldOut(request, products);
        await writes.WriteAsync();
        var order = await PlacePendingAsync(orderId, request, newOrder: true);
        return new CheckoutResult(order, Created: true);
    }

    public async Task<bool> FinishPendingCheckout()
    {
        await ResumePendingCheckoutAsync();
        return Cart.Pending is null;
    }

    public async Task<IReadOnlyList<Guid>> PlacedOrders()
    {
        // Taken before the order is asked: a checkout may complete meanwhile and list its order itself.
        var placed = Cart.PlacedOrders.ToList();
        if (Cart.Pending is { } pending && !placed.Contains(pending.OrderId)
            && await Order(pending.OrderId).GetStatus() is { } status && OrderStatuses.IsVisible(status))
        {
            placed.Add(pending.OrderId);
        }

        return placed;
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

    /// <summary>
    /// Lines that their products, as their grains hold them (read, or this silo's entries of the grains active here),
    /// cannot fill are refused here as the order would refuse them, but without an order: no write and no stock call (a
    /// sold-out flash sale answers most of its buyers so). A request the order would refuse as invalid gets that answer
    /// first. Stock that comes back after the read is the same race as a buyer who came a moment earlier; stock that goes
    /// meanwhile is refused by the order, as before.
    /// </summary>
    private void RefuseWhatIsSoldOut(PlaceOrder request, ProductSnapshot[] products)
    {
        // The request's lines are the cart's lines, in order, and so are the products.
        var shortProducts = request.Lines.Where((line, i) => line.Quantity > products[i].Available).Select(line => line.ProductId).Order().ToList();
        if (shortProducts.Count == 0)
        {
            return;
        }

        Cart.AbandonCheckout();
        OrderRequestRules.Validate(request, orderOptions.Value.MaxLines);
        throw OrderRequestRules.ShortConflict(shortProducts);
    }

    /// <summary>
    /// Places the pending order, then completes or abandons the checkout and stores the outcome. A checkout's first try
    /// places an order whose id it has just minted (<paramref name="newOrder"/>): its grain need not look for a stored state.
    /// </summary>
    private async Task<OrderSnapshot> PlacePendingAsync(Guid orderId, PlaceOrder request, bool newOrder = false)
    {
        OrderSnapshot order;
        try
        {
            var grain = Order(orderId);
            order = newOrder ? await NewGrain.CallAsync(grain, () => grain.PlaceStoredRequest(request)) : await grain.PlaceStoredRequest(request);
        }
        catch (DomainException)
        {
            Cart.AbandonCheckout();
            await writes.WriteAsync();
            throw;
        }

        // The order exists: should this write be lost, the stored pending checkout is resumed and completed again.
        Cart.CompleteCheckout(clock.GetUtcNow().UtcDateTime);
        writes.WriteWithoutWaiting(LogCheckoutNotStored);
        return order;
    }

    /// <summary>
    /// Sets the line and answers once it is stored; the other lines' products are read while the write commits. The
    /// product's stock is checked as its grain holds it: from this silo's entry when the grain is active here (no call),
    /// else asked of the grain.
    /// </summary>
    private async Task<CartView> SetLineAsync(Guid productId, int quantity)
    {
        var product = shown.TryGetHosted(productId, out var hosted)
            ? (hosted.Deleted ? null : hosted)
            : await ReadAsync(productId);
        Cart.SetLine(productId, quantity, product);
        var stored = writes.WriteAsync();
        var view = ViewAsync(product);
        await stored;
        return await view;
    }

    /// <summary>The lines with each product's current name and price, and a notice for each deleted product dropped.</summary>
    private async Task<CartView> ViewAsync(ProductSnapshot? known = null)
    {
        var (products, notices) = await CurrentLinesAsync(known);
        var lines = Cart.Lines;
        var items = new CartLineView[lines.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new CartLineView(lines[i].ProductId, products[i].Name, products[i].Price, lines[i].Quantity);
        }

        return new CartView(items, products.Length > 0 ? products[0].Currency : Money.DefaultCurrency, notices);
    }

    /// <summary>
    /// Every line's product, in the order of the cart's lines (<paramref name="known"/> was just read): from this silo's
    /// recently shown products (with <paramref name="askEveryProduct"/>, when the answer decides something, only those
    /// whose grain is active here), else from the product grain. Lines of deleted products are dropped (and
    /// stored) with a notice.
    /// </summary>
    private async Task<(ProductSnapshot[] Products, IReadOnlyList<CartNotice> Notices)> CurrentLinesAsync(
        ProductSnapshot? known = null, bool askEveryProduct = false)
    {
        var lines = Cart.Lines;
        var products = new ProductSnapshot[lines.Count];
        List<Guid>? gone = null;
        List<(int Line, Task<ProductSnapshot?> Read)>? reads = null;
        for (var i = 0; i < products.Length; i++)
        {
            var productId = lines[i].ProductId;
            if (productId == known?.Id)
            {
                products[i] = known;
            }
            else if (askEveryProduct ? shown.TryGetHosted(productId, out var product) : shown.TryGet(productId, out product))
            {
                Found(i, product.Deleted ? null : product);
            }
            else
            {
                (reads ??= []).Add((i, ReadAsync(productId)));
            }
        }

        foreach (var (line, read) in reads ?? [])
        {
            Found(line, await read);
        }

        if (gone is null)
        {
            return (products, []);
        }

        var notices = Cart.DropGone(gone);
        await writes.WriteAsync();
        return (products.Where(product => product is not null).ToArray(), notices);

        void Found(int line, ProductSnapshot? product)
        {
            if (product is null)
            {
                (gone ??= []).Add(lines[line].ProductId);
            }
            else
            {
                products[line] = product;
            }
        }
    }

    private async Task<ProductSnapshot?> ReadAsync(Guid productId)
    {
        var product = await Product(productId).Get();
        if (product is not null)
        {
            shown.Put(product);
        }

        return product;
    }

    private void LogCheckoutNotStored(Exception ex) =>
        logger.LogWarning(ex, "Cart {UserId}: a completed checkout was not stored; it is completed again on the next activation", this.GetPrimaryKey());

    private IProductGrain Product(Guid productId) => GrainFactory.Reference<IProductGrain>(productId);

    private IOrderGrain Order(Guid orderId) => GrainFactory.Reference<IOrderGrain>(orderId);
}
