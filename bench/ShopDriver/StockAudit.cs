using System.Collections.Concurrent;

namespace MarketMicro.ShopDriver;

/// <summary>
/// The exactness check: for every product the benchmark sold from, initial stock minus the units of the orders that
/// were answered 201 must be the stock the shop reports, and never negative.
/// </summary>
internal static class StockAudit
{
    /// <summary>A product read that lags behind (a cache, a sale still settling) gets a few seconds; an oversell stays.</summary>
    private const int RereadsOfAMismatch = 3;

    public static async Task<IReadOnlyList<ProductAudit>> RunAsync(
        ShopApi shop, IEnumerable<BenchProduct> products, ConcurrentDictionary<Guid, int> unitsSold)
    {
        var audits = new ConcurrentBag<ProductAudit>();
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (product, _) =>
        {
            var audit = new ProductAudit(product, unitsSold.GetValueOrDefault(product.Id), await shop.AvailableStockAsync(product.Id));
            for (var reread = 0; reread < RereadsOfAMismatch && !audit.Exact; reread++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                audit = audit with { Reported = await shop.AvailableStockAsync(product.Id) };
            }

            audits.Add(audit);
        });

        foreach (var audit in audits.Where(a => !a.Exact))
        {
            Console.WriteLine($"MISMATCH {audit.Product.Role} product {audit.Product.Id}: initial {audit.Product.InitialStock}, " +
                $"sold in answered orders {audit.Sold}, the shop reports {audit.Reported} (expected {audit.Product.InitialStock - audit.Sold})");
        }

        return audits.ToArray();
    }
}

internal sealed record ProductAudit(BenchProduct Product, int Sold, int Reported)
{
    /// <summary>Units sold beyond the initial stock, as the answered orders or the shop's own count show them.</summary>
    public int Oversold => Math.Max(0, Math.Max(Sold - Product.InitialStock, -Reported));

    public bool Exact => Reported >= 0 && Reported == Product.InitialStock - Sold;
}
