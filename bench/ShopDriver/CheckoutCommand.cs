using System.Collections.Concurrent;
using System.Diagnostics;

namespace MarketMicro.ShopDriver;

/// <summary>
/// The order scenarios through NGINX: checkout rounds (3 lines, every buyer, a scarce product that must refuse half of
/// its buyers), then the flash sales (one product each, units for half of its buyers, one sale after the other), then
/// the stock audit.
/// Exit code 1 when the audit or the flash sale is not exact, or an answer stayed unknown; speed targets are reported only.
/// </summary>
internal static class CheckoutCommand
{
    public static async Task<int> RunAsync(DriverOptions options)
    {
        var tokens = options.State.LoadTokens();
        var products = options.State.LoadProducts();
        var plentiful = products.Where(p => p.Role == BenchProduct.Plentiful).Select(p => p.Id).ToArray();
        var scarce = products.Where(p => p.Role == BenchProduct.Scarce).Select(p => p.Id).ToArray();
        var flashes = products.Where(p => p.Role == BenchProduct.Flash).ToArray();
        using var shop = new ShopApi(options.Url, options.Concurrency);
        var unitsSold = new ConcurrentDictionary<Guid, int>();

        // Untimed warm-up rounds first, as the wrk scenarios have theirs: the first checkouts of a fresh shop run through
        // code the runtime has not compiled to its optimized tier yet. Their units count in the stock audit.
        var warmup = new CheckoutTally(unitsSold);
        for (var round = 0; round < options.WarmupRounds; round++)
        {
            var carts = tokens.Select((token, buyer) => (token, RoundLines(plentiful, scarce, WarmupRound - round, buyer))).ToArray();
            await CheckoutPhases.FillCartsAsync(shop, carts, options.Concurrency);
            var (_, elapsed) = await CheckoutPhases.CheckOutAsync(shop, tokens, $"bench-warmup-{round}", options.Concurrency, warmup);
            Console.WriteLine($"warm-up round {round + 1}/{options.WarmupRounds}: {tokens.Length} checkouts in {elapsed.TotalSeconds:F2} s, untimed");
        }

        var checkout = new CheckoutTally(unitsSold);
        var timed = TimeSpan.Zero;
        for (var round = 0; round < options.Rounds; round++)
        {
            var carts = tokens.Select((token, buyer) => (token, RoundLines(plentiful, scarce, round, buyer))).ToArray();
            await CheckoutPhases.FillCartsAsync(shop, carts, options.Concurrency);
            var before = checkout.Latencies.Count;
            var (_, elapsed) = await CheckoutPhases.CheckOutAsync(shop, tokens, $"bench-round-{round}", options.Concurrency, checkout);
            timed += elapsed;
            Console.WriteLine($"round {round + 1}/{options.Rounds}: {tokens.Length} checkouts in {elapsed.TotalSeconds:F2} s, " +
                $"p50 {checkout.Latencies.Percentile(0.50, before):F1} ms, p99 {checkout.Latencies.Percentile(0.99, before):F1} ms");
        }

        var buyers = tokens.Take(PrepareCommand.FlashBuyers(options, tokens.Length)).ToArray();
        var saleLatencies = new Latencies();
        var sales = new List<(BenchProduct Product, CheckoutTally Tally, long Started, TimeSpan Elapsed)>();
        foreach (var flash in flashes)
        {
            await CheckoutPhases.FillCartsAsync(shop, buyers.Select(token => (token, new[] { new OrderLine(flash.Id, 1) })).ToArray(), options.Concurrency);
            var sale = new CheckoutTally(unitsSold, saleLatencies);
            var (started, elapsed) = await CheckoutPhases.CheckOutAsync(shop, buyers, $"bench-flash-sale-{sales.Count + 1}", options.Concurrency, sale);
            sales.Add((flash, sale, started, elapsed));
        }

        var audits = await StockAudit.RunAsync(shop, products, unitsSold);
        var checkoutAudits = audits.Where(a => a.Product.Role != BenchProduct.Flash).ToArray();
        var saleAudits = audits.Where(a => a.Product.Role == BenchProduct.Flash).ToArray();

        var ordersPerSecond = checkout.Placed / Math.Max(timed.TotalSeconds, 1e-9);
        var diskShare = options.DiskCommitsPerSecond > 0 ? $"; {ordersPerSecond / options.DiskCommitsPerSecond:F2} of the disk's synced commits/s" : "";
        var checkoutMet = ordersPerSecond >= 1000 && checkout.Latencies.Percentile(0.99) <= 100;
        ResultRows.Append(options.RowsFile, $"checkout, 3 lines, {options.Concurrency} at once (orders/s)", ordersPerSecond, checkout.Latencies,
            OversellCell(checkoutAudits),
            $"{checkout.Placed} placed, {checkout.Refused} refused (409) in {options.Rounds} rounds of {tokens.Length} buyers" +
            $"{ErrorNote(checkout)}{diskShare}; target >= 1,000/s, p99 <= 100 ms: {(checkoutMet ? "met" : "MISSED")}");

        // Each product's selling rate: its units over the time until its last sale was answered (the refusals come after).
        // The row reports the median sale, with every sale's rate in the notes; each sale must be exact.
        var rates = sales.Select(s =>
        {
            var sellingTime = Stopwatch.GetElapsedTime(s.Started, Math.Max(s.Tally.LastPlacedTimestamp, s.Started)).TotalSeconds;
            return saleAudits.Single(a => a.Product.Id == s.Product.Id).Sold / Math.Max(sellingTime, 1e-9);
        }).ToArray();
        var unitsPerSecond = rates.Order().ElementAt(rates.Length / 2);
        var salesExact = sales.All(s => s.Tally.Placed == s.Product.InitialStock && s.Tally.Refused == buyers.Length - s.Product.InitialStock);
        var saleAnswers = string.Join(", ", sales.Select(s => $"{s.Tally.Placed} x 201 + {s.Tally.Refused} x 409 in {s.Elapsed.TotalSeconds:F2} s"));
        ResultRows.Append(options.RowsFile, $"flash sale, {buyers.Length} buyers, {flashes[0].InitialStock} units (units/s)", unitsPerSecond,
            saleLatencies, OversellCell(saleAudits),
            $"median of {sales.Count} sales, one product each: {string.Join(" / ", rates.Select(r => r.ToString("F0")))} units/s; " +
            $"{saleAnswers}; exact: {(salesExact ? "yes" : "NO")}{string.Concat(sales.Select(s => ErrorNote(s.Tally)))}; " +
            $"target >= 2,000 units/s: {(unitsPerSecond >= 2000 ? "met" : "MISSED")}");

        var exact = audits.All(a => a.Exact) && salesExact && warmup.Unresolved + checkout.Unresolved + sales.Sum(s => s.Tally.Unresolved) == 0;
        Console.WriteLine(exact ? "stock audit: exact" : "stock audit: NOT EXACT (see above)");
        return exact ? 0 : 1;
    }

    /// <summary>Warm-up rounds are numbered -1, -2, ...: below every timed round, so they never take a scarce product.</summary>
    private const int WarmupRound = -1;

    /// <summary>
    /// Three different plentiful products; in a round with a scarce product, every fourth buyer's third line is it
    /// (warm-up rounds have none).
    /// </summary>
    private static OrderLine[] RoundLines(Guid[] plentiful, Guid[] scarce, int round, int buyer)
    {
        var random = new Random(HashCode.Combine(round, buyer));
        var lines = plentiful.OrderBy(_ => random.Next()).Take(3).Select(id => new OrderLine(id, random.Next(1, 3))).ToArray();
        if (round >= 0 && round < scarce.Length && buyer % 4 == 0)
        {
            lines[2] = new OrderLine(scarce[round], 1);
        }

        return lines;
    }

    private static string OversellCell(IReadOnlyCollection<ProductAudit> audits)
    {
        var mismatches = audits.Count(a => !a.Exact);
        var oversold = audits.Sum(a => a.Oversold);
        return mismatches == 0 ? "0" : $"{oversold} units, {mismatches} products off";
    }

    private static string ErrorNote(CheckoutTally tally) =>
        tally.Errors == 0 ? "" : $", {tally.Errors} errors ({tally.Unresolved} still unknown after asking again)";
}
