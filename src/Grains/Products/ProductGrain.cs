using MarketMicro.Products;

namespace MarketMicro.Grains.Products;

public sealed class ProductGrain(
    [PersistentState("product")] IPersistentState<ProductState> state,
    TimeProvider clock) : Grain, IProductGrain
{
    private ProductState Product => state.State;

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

        var now = clock.GetUtcNow().UtcDateTime;
        Product.Exists = true;
        Product.Details = draft;
        Product.Stock = ProductStock.WithOnHand(draft.Stock);
        Product.CreatedAt = now;
        await SaveAsync(now);
        return Snapshot();
    }

    public async Task<ProductSnapshot> Update(ProductDraft draft)
    {
        EnsureLive();
        Product.Stock.SetOnHand(draft.Stock);
        Product.Details = draft;
        await SaveAsync(clock.GetUtcNow().UtcDateTime);
        return Snapshot();
    }

    public async Task Delete()
    {
        EnsureLive();
        Product.Deleted = true;
        await SaveAsync(clock.GetUtcNow().UtcDateTime);
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

        Product.Details = Product.Details with { Stock = Product.Stock.OnHand };
        await SaveAsync(clock.GetUtcNow().UtcDateTime);
        return Snapshot();
    }

    public async Task<ReservationResult> Reserve(Guid orderId, int quantity)
    {
        if (!Product.Exists || Product.Deleted)
        {
            throw new NotFoundException($"Product {this.GetPrimaryKey()} does not exist.");
        }

        var held = Product.Stock.Reservations.Count;
        var granted = Product.Stock.TryReserve(orderId, quantity);
        if (granted && Product.Stock.Reservations.Count != held)
        {
            await state.WriteStateAsync();
        }

        return new ReservationResult(granted, Product.Stock.Available, Product.Details.Name, Product.Details.Price, Product.Details.Currency);
    }

    public Task Commit(Guid orderId) => ApplyStockChange(Product.Stock.Commit(orderId));

    public Task Release(Guid orderId) => ApplyStockChange(Product.Stock.Release(orderId));

    public Task Settle(Guid orderId) => ApplyStockChange(Product.Stock.Settle(orderId));

    private Task ApplyStockChange(bool changed)
    {
        if (!changed)
        {
            return Task.CompletedTask;
        }

        Product.Details = Product.Details with { Stock = Product.Stock.OnHand };
        return state.WriteStateAsync();
    }

    private void EnsureLive()
    {
        if (!Product.Exists || Product.Deleted)
        {
            throw new NotFoundException($"Product {this.GetPrimaryKey()} does not exist.");
        }
    }

    private Task SaveAsync(DateTime now)
    {
        Product.UpdatedAt = now;
        Product.Version++;
        return state.WriteStateAsync();
    }

    private ProductSnapshot Snapshot()
    {
        var details = Product.Details;
        return new ProductSnapshot(
            this.GetPrimaryKey(), details.Name, details.Description, details.Price, details.Currency, details.Category,
            Product.Stock.OnHand, Product.Stock.Reserved, details.ImageUrl, Product.CreatedAt, Product.UpdatedAt,
            Product.Deleted, Product.Version);
    }
}
