using MarketMicro.Events;
using MarketMicro.Products;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace MarketMicro.Grains.Products;

/// <summary>
/// One product: details, price, stock and the reservations of orders being placed. Each change is written with its
/// events (ProductChanged, ProductDeleted, StockChanged) and then published; events a crash kept from publishing are
/// published again on activation (consumers keep the newest version, so a repeat is harmless).
/// </summary>
public sealed class ProductGrain(
    [PersistentState("product")] IPersistentState<ProductState> state,
    TimeProvider clock,
    ILogger<ProductGrain> logger) : Grain, IProductGrain
{
    private int published;

    private ProductState Product => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PublishOutboxAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The product stays usable; its next write publishes the outbox again.
            logger.LogWarning(ex, "Product {ProductId}: outbox not published on activation", this.GetPrimaryKey());
        }
    }

    public Task<ProductSnapshot?> Get() =>
        Task.FromResult(Product.Exists && !Product.Deleted ? Snapshot() : null);

    public Task<ProductSnapshot?> GetIncludingDeleted() =>
        Task.FromResult(Product.Exists ? Snapshot() : null);

    public async Task<ProductSnapshot> Create(ProductDraft draft)
    {
        if (Product.Exists)
        {
            throw new ConflictException($"Product {this.GetPrimaryKey()} already exists.");
        }

        draft = Validated(draft);
        var now = Now();
        Product.Exists = true;
        Product.Details = draft;
        Product.Stock = ProductStock.WithOnHand(draft.Stock);
        Product.CreatedAt = now;
        Product.UpdatedAt = now;
        await SaveAsync(id => new ProductChanged(id, now, Snapshot()));
        return Snapshot();
    }

    public async Task<ProductSnapshot> Update(ProductDraft draft)
    {
        EnsureLive();
        draft = Validated(draft);
        Product.Stock.SetOnHand(draft.Stock);
        Product.Details = draft;
        Product.UpdatedAt = Now();
        await SaveAsync(id => new ProductChanged(id, Product.UpdatedAt, Snapshot()));
        return Snapshot();
    }

    public async Task Delete()
    {
        EnsureLive();
        Product.Deleted = true;
        Product.UpdatedAt = Now();
        await SaveAsync(id => new ProductDeleted(id, Product.UpdatedAt, this.GetPrimaryKey(), Product.Version));
    }

    public async Task<ProductSnapshot> ChangeInventory(InventoryChange change)
    {
        EnsureLive();
        switch (change)
        {
            case { Stock: { } stock, Delta: null }:
                Product.Stock.SetOnHand(stock);
                break;
            case { Stock: null, Delta: { } delta }:
                Product.Stock.Adjust(delta);
                break;
            default:
                throw new ValidationException("stock", "Give exactly one of 'stock' or 'delta'.");
        }

        await SaveStockChangeAsync();
        return Snapshot();
    }

    public async Task<ReservationResult> Reserve(Guid orderId, int quantity)
    {
        EnsureLive();
        var held = Product.Stock.Reservations.Count;
        var granted = Product.Stock.TryReserve(orderId, quantity);
        if (granted && Product.Stock.Reservations.Count != held)
        {
            await state.WriteStateAsync();
        }

        return new ReservationResult(granted, Product.Stock.Available, Product.Details.Name, Product.Details.Price, Product.Details.Currency);
    }

    public async Task Commit(Guid orderId)
    {
        if (Product.Stock.Commit(orderId))
        {
            await SaveStockChangeAsync();
        }
    }

    public async Task Release(Guid orderId)
    {
        var onHand = Product.Stock.OnHand;
        if (Product.Stock.Release(orderId))
        {
            await (Product.Stock.OnHand != onHand ? SaveStockChangeAsync() : state.WriteStateAsync());
        }
    }

    public async Task Settle(Guid orderId)
    {
        if (Product.Stock.Settle(orderId))
        {
            await state.WriteStateAsync();
        }
    }

    private Task SaveStockChangeAsync()
    {
        Product.Details = Product.Details with { Stock = Product.Stock.OnHand };
        return SaveAsync(id => new StockChanged(id, Now(), Snapshot()));
    }

    /// <summary>One write for the change and its event, then the outbox is published.</summary>
    private async Task SaveAsync(Func<Guid, ShopEvent> describe)
    {
        Product.Outbox.RemoveRange(0, published);
        published = 0;
        Product.Version++;
        Product.Outbox.Add(describe(Guid.NewGuid()));
        await state.WriteStateAsync();
        await PublishOutboxAsync();
    }

    private async Task PublishOutboxAsync()
    {
        if (published == Product.Outbox.Count)
        {
            return;
        }

        var stream = this.GetStreamProvider(ProviderNames.Streams)
            .GetStream<ShopEvent>(StreamId.Create(StreamNamespaces.Products, this.GetPrimaryKey()));
        foreach (var pending in Product.Outbox.Skip(published))
        {
            await stream.OnNextAsync(pending);
            published++;
        }
    }

    private static ProductDraft Validated(ProductDraft draft)
    {
        var errors = ProductRules.Check(draft);
        return errors.Count == 0 ? ProductRules.Normalize(draft) : throw new ValidationException(errors);
    }

    private void EnsureLive()
    {
        if (!Product.Exists || Product.Deleted)
        {
            throw new NotFoundException($"Product {this.GetPrimaryKey()} does not exist.");
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private ProductSnapshot Snapshot()
    {
        var details = Product.Details;
        return new ProductSnapshot(
            this.GetPrimaryKey(), details.Name, details.Description, details.Price, details.Currency, details.Category,
            Product.Stock.OnHand, Product.Stock.Reserved, details.ImageUrl, Product.CreatedAt, Product.UpdatedAt,
            Product.Deleted, Product.Version);
    }
}
