using MarketMicro.Products;
using MarketMicro.Events;
using MarketMicro.Grains.Events;
using Microsoft.Extensions.Logging;

namespace MarketMicro.Grains.Products;

/// <summary>
/// One product: a thin shell over the <see cref="Product"/> aggregate. Each change is written with its event, then
/// published; events an outage kept from being published are retried, and those a crash kept are published on activation.
/// </summary>
public sealed class ProductGrain(
    [PersistentState(StateNames.Product)] IPersistentState<Product> state,
    TimeProvider clock,
    ILogger<ProductGrain> logger) : Grain, IProductGrain
{
    private OutboxPublisher outbox = null!;

    private Product Product => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Product.Id = this.GetPrimaryKey();
        outbox = new OutboxPublisher(this, StreamNamespaces.Products);
        await outbox.PublishOrRetryLaterAsync(Product.Outbox, logger);
    }

    /// <summary>
    /// Stores the outbox without what was published, so that the next activation republishes only what really was
    /// not (a cold read then costs no event). After a crash the stored outbox is published again: at least once.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (outbox.HasPublished && Product.Exists)
        {
            outbox.DropPublished(Product.Outbox);
            await state.WriteStateAsync(cancellationToken);
        }
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

    public async Task<ReservationResult> Reserve(Guid orderId, int quantity)
    {
        var (result, changed) = Product.Reserve(orderId, quantity);
        if (changed)
        {
            await SaveAsync(null);
        }

        return result;
    }

    public async Task Commit(Guid orderId)
    {
        if (Product.Commit(orderId, Now()) is { } stockChanged)
        {
            await SaveAsync(stockChanged);
        }
    }

    public async Task Release(Guid orderId)
    {
        var (changed, stockChanged) = Product.Release(orderId, Now());
        if (changed)
        {
            await SaveAsync(stockChanged);
        }
    }

    public async Task Settle(Guid orderId)
    {
        if (Product.Settle(orderId))
        {
            await SaveAsync(null);
        }
    }

    /// <summary>One write for the change and its event (if any), then the outbox is published.</summary>
    private async Task<ProductSnapshot> SaveAsync(ShopEvent? produced)
    {
        outbox.DropPublished(Product.Outbox);
        await state.WriteStateAsync();
        if (produced is not null)
        {
            await outbox.PublishOrRetryLaterAsync(Product.Outbox, logger);
        }

        return Product.Snapshot();
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
