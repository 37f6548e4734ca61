using System.Diagnostics;

namespace MarketMicro.ShopDriver;

/// <summary>
/// Creates the products the benchmark sells from and the buyers (registered and signed in), and samples catalog ids:
/// everything the timed scenarios need, written to the state folder.
/// </summary>
internal static class PrepareCommand
{
    private const int PlentifulProducts = 60;
    private const int PlentifulStock = 1_000_000;
    private const string Password = "benchmark password";

    public static async Task<int> RunAsync(DriverOptions options)
    {
        using var shop = new ShopApi(options.Url, options.Concurrency);
        using var direct = new ShopApi(options.DirectUrl, options.Concurrency);
        var admin = await direct.LoginAsync(options.AdminEmail, options.AdminPassword);

        // A quarter of each round's buyers want its scarce product, which has stock for half of them: the other half
        // must be refused. Each flash sale has units for half of its buyers.
        var scarceStock = Math.Max(1, options.Users / 8);
        var wanted = Enumerable.Repeat((BenchProduct.Plentiful, PlentifulStock), PlentifulProducts)
            .Concat(Enumerable.Repeat((BenchProduct.Scarce, scarceStock), options.Rounds))
            .Concat(Enumerable.Repeat((BenchProduct.Flash, Math.Max(1, FlashBuyers(options, options.Users) / 2)), Math.Max(1, options.FlashSales)))
            .ToArray();
        var products = new BenchProduct[wanted.Length];
        await Parallel.ForAsync(0, wanted.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var (role, stock) = wanted[i];
            products[i] = new BenchProduct(await shop.CreateProductAsync(admin, $"Bench {role} product {i}", stock), role, stock);
        });

        var clock = Stopwatch.StartNew();
        var run = Guid.NewGuid().ToString("N")[..8];
        var tokens = new string[options.Users];
        await Parallel.ForAsync(0, options.Users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var email = $"buyer-{run}-{i}@bench.example.com";
            await direct.RegisterAsync(email, Password);
            tokens[i] = await direct.LoginAsync(email, Password);
        });
        ResultRows.Append(options.RowsFile, $"setup: register + sign in {options.Users} buyers, 8 at once (buyers/s)",
            options.Users / clock.Elapsed.TotalSeconds, null, "",
            $"{clock.Elapsed.TotalSeconds:F1} s, untimed setup straight to the WebApi: two password hashes per buyer");

        var catalogIds = await shop.CatalogIdsAsync(options.CatalogIds);
        await options.State.SaveAsync(tokens, products, catalogIds);
        Console.WriteLine($"{products.Length} bench products, {catalogIds.Count} catalog ids for lookups, state in {options.State.Folder}");
        return 0;
    }

    /// <summary>The flash sale's buyers are the first of the buyers, as many as asked for and there are.</summary>
    public static int FlashBuyers(DriverOptions options, int buyers) => Math.Min(options.FlashBuyers, buyers);
}
