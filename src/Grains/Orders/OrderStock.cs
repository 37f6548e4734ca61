using MarketMicro.Orders;
using MarketMicro.Products;

namespace MarketMicro.Grains.Orders;

/// <summary>The order's stock calls to its products, each idempotent by order id, made for all lines at once.</summary>
internal sealed class OrderStock(IGrainFactory grains, Guid orderId, IReadOnlyList<RequestedLine> lines)
{
    /// <summary>Buys every line; returns the granted sales, or the products that were short.</summary>
    public async Task<(IReadOnlyList<(RequestedLine Line, ReservationResult Result)> Granted, IReadOnlyList<Guid> Short)> SellAllAsync()
    {
        var results = await Task.WhenAll(lines.Select(async line => (Line: line, Result: await TrySellAsync(line))));
        var shortProducts = results.Where(r => r.Result is not { Granted: true }).Select(r => r.Line.ProductId).ToList();
        return (results.Where(r => r.Result is { Granted: true }).Select(r => (r.Line, r.Result!)).ToList(), shortProducts);
    }

    public Task ReleaseAllAsync() => ForEachProduct(product => product.Release(orderId));

    public Task SettleAllAsync() => ForEachProduct(product => product.Settle(orderId));

    private async Task<ReservationResult?> TrySellAsync(RequestedLine line)
    {
        try
        {
            return await Product(line.ProductId).Sell(orderId, line.Quantity);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private Task ForEachProduct(Func<IProductGrain, Task> call) =>
        Task.WhenAll(lines.Select(line => call(Product(line.ProductId))));

    private IProductGrain Product(Guid productId) => grains.Reference<IProductGrain>(productId);
}
