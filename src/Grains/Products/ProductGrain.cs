using MarketMicro.Products;
using MarketMicro.Events;
using MarketMicro.Grains.Events;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace MarketMicro.Grains.Products;

/// <summary>
/// One product: a thin shell over the <see cref="Product"/> aggregate. Each change is written with its event, then
/// published; events an outage kept from being published are retried, and those a crash kept are published on activation.
/// The grain is reentrant so that a product many orders want at once (a flash sale) stores their reservations together:
/// every call changes the aggregate within one turn and then waits for a write that carries its change.
/// </summary>
[Reentrant]
public sealed class ProductGrain(
    [PersistentState(StateNames.Product)] IPersistentState<Product> state,
    ProductSnapshotCache shown,
    TimeProvider clock,
    GrainTypeSharedContextResolver grainTypes,
    ILogger<ProductGrain> logger) : Grain, IProductGrain, IIncomingGrainCallFilter
{
    private IdleDeparture departure = null!;
    private OutboxPublisher outbox = null!;
    private CoalescedWrite writes = null!;
    private bool unstored;

    private Product Product => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Product.Id = this.GetPrimaryKey();
        // The age Orleans' collector uses for this grain type (Orleans:CollectionAge:Product).
        departure = new IdleDeparture(clock, grainTypes.GetComponents(this.GetGrainId().Type).CollectionAgeLimit);
        departure.Start(this, DeactivateOnIdle);
        outbox = new OutboxPublisher(this, EventStreams.ForProduct(this.GetPrimaryKey()));
        writes = new CoalescedWrite(StoreAndPublishAsync, () =>
        {
            // Memory now holds changes the store does not: refuse further calls and reload from the store.
            unstored = true;
            shown.Forget(Product.Id);
            DeactivateOnIdle();
        });
        await outbox.PublishOrRetryLaterAsync(Product.Outbox, logger);
        if (Product.Exists)
        {
            // Last: an activation that fails before this point leaves no entry behind.
            Show();
        }
    }

    /// <summary>
    /// Stores the outbox without what was published, so that the next activation republishes only what really was
    /// not (a cold read then costs no event). After a crash the stored outbox is published again: at least once.
    /// This silo's hosted entry goes with the activation: the next one may live on another silo.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            if (outbox.HasPublished && Product.Exists && !unstored)
            {
                await writes.WhenStoredAsync();
                outbox.DropPublished(Product.Outbox);
                await state.WriteStateAsync(cancellationToken);
            }
        }
        finally
        {
            shown.Forget(Product.Id);
        }
    }

    /// <summary>
    /// Every call of the product's interfaces counts towards its idleness (<see cref="IdleDeparture"/>); a grain timer's
    /// tick passes through this filter too, on Orleans' own interface, and does not count.
    /// </summary>
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request.GetInterfaceType().IsInstanceOfType(this))
        {
            departure.Called();
        }

        return context.Invoke();
    }

    public Task<ProductSnapshot?> Get() => Task.FromResult(Product.IsLive ? Product.Snapshot() : null);

    public Task<ProductSnapshot?> GetIncludingDeleted() => Task.FromResult(Product.Exists ? Product.Snapshot() : null);

    public Task<ProductAudit?> Audit() => Task.FromResult(Product.Exists ? Product.Audit() : null);

    public Task<ProductSnapshot> Create(ProductDetails details, int onHand) =>
        SaveAsync(Product.Create(Product.Id, details, onHand, Now()));

    public Task<ProductSnapshot> Update(ProductDetails details, int available, long? expectedVersion = null) =>
        SaveAsync(Product.Update(details, available, expectedVersion, Now()));

    public Task Delete(long? expectedVersion = null) => SaveAsync(Product.Delete(expectedVersion, Now()));

    public Task<ProductSnapshot> ChangeInventory(InventoryChange change, long? expectedVersion = null) =>
        SaveAsync(Product.ChangeInventory(change, expectedVersion, Now()));

    public async Task<ReservationResult> Sell(Guid orderId, int quantity)
    {
        var (result, sold) = Product.Sell(orderId, quantity, Now());
        await StoreIfChanged(sold is not null);
        return result;
    }

    public async Task<ReservationResult> Reserve(Guid orderId, int quantity)
    {
        var (result, changed) = Product.Reserve(orderId, quantity);
        await StoreIfChanged(changed);
        return result;
    }

    public Task Commit(Guid orderId) => StoreIfChanged(Product.Commit(orderId, Now()) is not null);

    public Task Release(Guid orderId) => StoreIfChanged(Product.Release(orderId, Now()).Changed);

    public Task Settle(Guid orderId) => StoreIfChanged(Product.Settle(orderId));

    private Task StoreIfChanged(bool changed)
    {
        EnsureStored();
        if (!changed)
        {
            return writes.WhenStoredAsync();
        }

        Show();
        return writes.WriteAsync();
    }

    /// <summary>
    /// Waits for a write that carries the change (and its event, already in the outbox: the argument only makes the
    /// domain step run first), then answers with the product as stored.
    /// </summary>
    private async Task<ProductSnapshot> SaveAsync(ShopEvent? _)
    {
        EnsureStored();
        Show();
        await writes.WriteAsync();
        return Product.Snapshot();
    }

    /// <summary>One write for every change made since the last one, then their events are published.</summary>
    private async Task StoreAndPublishAsync()
    {
        outbox.DropPublished(Product.Outbox);
        Product.CollapseStockChanges();
        await state.WriteStateAsync();
        await outbox.PublishOrRetryLaterAsync(Product.Outbox, logger);
    }

    /// <summary>
    /// This silo's carts see the product as this activation holds it (what <see cref="Get"/> answers) without a call: after
    /// every change, before the write that stores it (should that write fail, the entry is forgotten with the activation).
    /// </summary>
    private void Show() => shown.PutHosted(Product.Snapshot());

    private void EnsureStored()
    {
        if (unstored)
        {
            throw new OrleansException($"Product {Product.Id} is reloading after a failed write; try again.");
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
