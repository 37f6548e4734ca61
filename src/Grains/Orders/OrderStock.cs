using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Grains.Orders;

/// <summary>The order's stock calls to its products, each idempotent by order id, made for all lines at once.</summary>
internal sealed class OrderStock(IGrainFactory grains, Guid orderId, IReadOnlyList<RequestedLine> lines)
{
    /// <summary>Reserves every line; returns the granted reservations, or the products that were short.</summary>
    public async Task<(IReadOnlyList<(RequestedLine Line, ReservationResult Result)> Granted, IReadOnlyList<Guid> Short)> ReserveAllAsync()
    {
        var results = await Task.WhenAll(lines.Select(async line => (Line: line, Result: await TryReserveAsync(line))));
        var shortProducts = results.Where(r => r.Result is not { Granted: true }).Select(r => r.Line.ProductId).ToList();
        return (results.Where(r => r.Result is { Granted: true }).Select(r => (r.Line, r.Result!)).ToList(), shortProducts);
    }

    public Task CommitAllAsync() => ForEachProduct(product => product.Commit(orderId));

    public Task ReleaseAllAsync() => ForEachProduct(product => product.Release(orderId));

    public Task SettleAllAsync() => ForEachProduct(product => product.Settle(orderId));

    private async Task<ReservationResult?> TryReserveAsync(RequestedLine line)
    {
        try
        {
            return await Product(line.ProductId).Reserve(orderId, line.Quantity);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private Task ForEachProduct(Func<IProductGrain, Task> call) =>
        Task.WhenAll(lines.Select(line => call(Product(line.ProductId))));

    private IProductGrain Product(Guid productId) => grains.GetGrain<IProductGrain>(productId);
}
