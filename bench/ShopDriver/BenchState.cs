namespace MarketMicro.ShopDriver;

/// <summary>
/// What <c>prepare</c> leaves in the run's state folder for the wrk scripts (plain lines) and for <c>checkout</c>.
/// </summary>
internal sealed record BenchState(string Folder)
{
    /// <summary>One customer access token per line (bench/wrk/cart-add.lua reads it too).</summary>
    public string TokensFile => Path.Combine(Folder, "tokens.txt");

    /// <summary>The ids of the plentiful bench products, one per line (bench/wrk/cart-add.lua).</summary>
    public string CartProductsFile => Path.Combine(Folder, "cart-products.txt");

    /// <summary>Catalog product ids, one per line (bench/wrk/product.lua).</summary>
    public string CatalogIdsFile => Path.Combine(Folder, "catalog-ids.txt");

    /// <summary>Every product whose stock the benchmark sells: id, role and initial stock, tab-separated.</summary>
    public string BenchProductsFile => Path.Combine(Folder, "bench-products.tsv");

    public async Task SaveAsync(IReadOnlyList<string> tokens, IReadOnlyList<BenchProduct> products, IEnumerable<Guid> catalogIds)
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllLinesAsync(TokensFile, tokens);
        await File.WriteAllLinesAsync(CartProductsFile, products.Where(p => p.Role == BenchProduct.Plentiful).Select(p => p.Id.ToString()));
        await File.WriteAllLinesAsync(CatalogIdsFile, catalogIds.Select(id => id.ToString()));
        await File.WriteAllLinesAsync(BenchProductsFile, products.Select(p => $"{p.Id}\t{p.Role}\t{p.InitialStock}"));
    }

    public string[] LoadTokens() => File.ReadAllLines(TokensFile);

    public BenchProduct[] LoadProducts() => File.ReadAllLines(BenchProductsFile)
        .Select(line => line.Split('\t'))
        .Select(fields => new BenchProduct(Guid.Parse(fields[0]), fields[1], int.Parse(fields[2])))
        .ToArray();
}

/// <summary>A product the benchmark sells from: plenty of stock, a scarce one per checkout round, or the flash-sale one.</summary>
internal sealed record BenchProduct(Guid Id, string Role, int InitialStock)
{
    public const string Plentiful = "plentiful";
    public const string Scarce = "scarce";
    public const string Flash = "flash";
}
